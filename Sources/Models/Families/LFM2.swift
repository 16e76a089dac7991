/// LFM2 (`lfm2`, `lfm2_moe`): gated short-convolution `conv` layers, full attention on
/// `full_attn_idxs` (configuration_lfm2.py:82-87; default: every layer). A conv layer's cache is
/// conv_L_cache (3) columns of hidden_size channels (modeling_lfm2.py `Lfm2ShortConv`).
extension ModelFamily {
    static let lfm2 = ModelFamily(
        name: "lfm2", matches: { $0.hasPrefix("lfm2") },
        layerSlots: { c, n throws(ConfigError) in
            guard c.has("full_attn_idxs") else { return Array(repeating: .attention(.full), count: n) }
            let full = Set(try indices(c, "full_attn_idxs", in: 0...(n - 1), what: "layer index"))
            return (0..<n).map { full.contains($0) ? .attention(.full) : .convolution }
        })

    static func lfm2Convolution(_ c: ConfigObject) throws(ConfigError) -> ShortConvolutionBlock {
        ShortConvolutionBlock(channels: try RecurrentReader.required(c, ["hidden_size"], "model width"),
                              width: try RecurrentReader.optional(c, ["conv_L_cache"], default: 3))
    }
}
