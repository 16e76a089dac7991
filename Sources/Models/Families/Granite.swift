/// Granite (`granite`; transformers models/granite). Granite 4 hybrids are ``graniteHybrid``.
extension ModelFamily {
    static let granite = ModelFamily(
        name: "granite", matches: { $0 == "granite" }, ggufArchitectures: ["granite": "granite"],
        classDefaults: ["granite": .init(maxPositionEmbeddings: 2048, ignoresPartialRotary: true)])
}
