/// DBRX (`dbrx`; transformers models/dbrx).
extension ModelFamily {
    static let dbrx = ModelFamily(name: "dbrx", matches: { $0 == "dbrx" }, ggufArchitectures: ["dbrx": "dbrx"])
}
