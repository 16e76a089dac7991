/// The options the user gave to the run in progress, so that a message about a size names the
/// option only when the user gave it, and otherwise says where the value came from (a limit reached
/// from a config's max_position_embeddings is not reported as --context, an option never given).
enum GivenOptions {
    @TaskLocal static var names: Set<String>?

    /// Whether `option` was given on the command line of the current run (true outside a run).
    static func wasGiven(_ option: String) -> Bool { names?.contains(option) ?? true }

    /// "--context" when given, else what stands in for it.
    static func source(of option: String) -> String {
        if wasGiven(option) { return "--\(option)" }
        switch option {
        case "context": return "the context (the config's max_position_embeddings, as no --context was given)"
        case "horizon": return "the default horizon (--horizon was not given)"
        default: return "the default of --\(option)"
        }
    }
}
