/// Jamba (`jamba`; transformers models/jamba): Mamba and attention layers, no rotary embedding in
/// any (its layers are read by ``ModelReader``; their weights are not counted).
extension ModelFamily {
    static let jamba = ModelFamily(name: "jamba", matches: { $0 == "jamba" }, positionScheme: PositionScheme.none)
}
