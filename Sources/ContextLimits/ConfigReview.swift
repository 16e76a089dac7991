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

    /// The review of a config document, whether or not the reader accepts it. A GGUF file is
    /// llama.cpp's already: its notes are what its metadata cannot carry, and its stack context is
    /// llama.cpp's n_ctx_train (its context_length); transformers and vLLM read config.json, not it.
    public init(_ document: ConfigDocument) {
        if document.isGGUF {
            warnings = document.notes
            let context = document.root["max_position_embeddings"].flatMap { node -> Int? in
                if case let .number(x, _) = node { return Int(exactly: x) }
                return nil
            }
            stacks = ServingStacks(transformers: nil, vllm: nil, vllmCeiling: nil, vllmBefore56446: nil, llamaCpp: context)
        } else {
            warnings = document.notes + ConfigLint.warnings(document.root)
            stacks = try? ServingStacks.derive(document.root)
        }
    }

    /// The review of a model input's config; empty for bare parameters.
    public init(_ input: ModelInput) {
        if let document = input.document {
            let review = ConfigReview(document)
            warnings = review.warnings
            stacks = review.stacks
        } else {
            warnings = []
            stacks = nil
        }
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
