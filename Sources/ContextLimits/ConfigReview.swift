import Models

/// What the config says beyond its spectra: lint warnings (``ConfigLint``) and the context each
/// serving stack derives (``ServingStacks``). Empty for bare parameters.
public struct ConfigReview: Sendable {
    public let warnings: [ConfigWarning]
    /// nil for bare parameters, or when a value the stacks read has the wrong JSON type (the
    /// reader names that field).
    public let stacks: ServingStacks?

    /// A serving stack whose context `check --context STACK` can check at.
    public enum Stack: String, Sendable, CaseIterable {
        case transformers, vllm
        case llamaCpp = "llama_cpp"
    }

    /// The review of a config document, whether or not the reader accepts it.
    public init(_ document: ConfigDocument) {
        warnings = ConfigLint.warnings(document.root)
        stacks = try? ServingStacks.derive(document.root)
    }

    /// The review of a model input's config; empty for bare parameters.
    public init(_ input: ModelInput) {
        warnings = input.document.map { ConfigLint.warnings($0.root) } ?? []
        stacks = input.document.flatMap { try? ServingStacks.derive($0.root) }
    }

    /// The context `stack` derives, nil when its rule finds none.
    public func context(of stack: Stack) -> Int? {
        switch stack {
        case .transformers: return stacks?.transformers
        case .vllm: return stacks?.vllm
        case .llamaCpp: return stacks?.llamaCpp
        }
    }
}
