/// Falcon (`falcon`; transformers models/falcon): its MLP has no gate (dense_h_to_4h, dense_4h_to_h).
/// Falcon-H1 is ``falconH1``.
extension ModelFamily {
    static let falcon = ModelFamily(name: "falcon", matches: { $0 == "falcon" }, gatedMLP: false)
}
