/// EXAONE 3 and 4 (`exaone`: remote code; `exaone4`: transformers models/exaone4).
extension ModelFamily {
    static let exaone = ModelFamily(
        name: "exaone", matches: { $0 == "exaone" || $0 == "exaone4" },
        ggufArchitectures: ["exaone": "exaone", "exaone4": "exaone4"])
}
