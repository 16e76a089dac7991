/// Mamba and Mamba-2 (`mamba`, `mamba2`; transformers models/mamba, mamba2), read by ``ModelReader``.
/// llama.cpp's converter writes context_length 2^20 (MambaModel, Mamba2Model: no trained context).
extension ModelFamily {
    static let mamba = ModelFamily(
        name: "mamba", matches: { $0 == "mamba" || $0 == "mamba2" },
        llamaCppContext: { _ in LlamaCppContext(keys: [], absent: 1 << 20) })
}
