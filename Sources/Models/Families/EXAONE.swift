/// EXAONE 3 and 4 (`exaone`: remote code; `exaone4`: transformers models/exaone4).
extension ModelFamily {
    static let exaone = ModelFamily(
        name: "exaone", matches: { $0 == "exaone" || $0 == "exaone4" },
        ggufArchitectures: ["exaone": "exaone", "exaone4": "exaone4"],
        classDefaults: [
            "exaone4": .init(maxPositionEmbeddings: 2048, ignoresPartialRotary: true),   // configuration_exaone4.py:85
            "exaone": .init(ropeTheta: 500_000, maxPositionEmbeddings: 4096),
        ],
        // configuration_exaone4.py:99-108: layer i global iff (i + 1) % sliding_window_pattern == 0
        // (default 4); RoPE only in sliding layers (modeling_exaone4.py:233-235).
        windowPattern: { $0 == "exaone4" ? WindowPattern(interval: 4, intervalKey: "sliding_window_pattern", needsWindow: true, globalNoPE: true) : nil })
}
