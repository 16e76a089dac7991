/// The length a recurrent checkpoint was trained at, with where that number comes from: the
/// training length T_train of Stuffed Mamba's forget law (T_train > T_forget(N_S) ⇔ the model
/// learns to forget).
public struct TrainingLength: Sendable, Equatable {
    /// Tokens per training sequence.
    public let tokens: Int
    /// Where the number comes from (paper, section, quote), and how sure the tool is of it.
    public let source: String
    public let status: FormulaProvenance.Status
    /// Another published reading of the same checkpoints' training length, when the sources disagree.
    public let alternative: Int?
    public let alternativeSource: String?

    public init(tokens: Int, source: String, status: FormulaProvenance.Status, alternative: Int? = nil, alternativeSource: String? = nil) {
        self.tokens = tokens
        self.source = source
        self.status = status
        self.alternative = alternative
        self.alternativeSource = alternativeSource
    }
}

/// The training lengths of the bundled recurrent checkpoints, by bundled config name. A config
/// not listed (a user's file, a hybrid) has none, and no forget verdict.
public enum RecurrentTrainingLengths {
    static let mamba2 = TrainingLength(
        tokens: 8192, source: "Stuffed Mamba (Chen et al. 2024), COLM Fig. 1 caption: \"The training length is 8K\" (state-capacity.md §1.6)",
        status: .verbatim, alternative: 2048,
        alternativeSource: "Buitrago & Gu (2025, arXiv 2507.02782): the official checkpoints were trained at T = 2048")

    public static let table: [String: TrainingLength] = [
        "mamba2-130m": mamba2, "mamba2-370m": mamba2, "mamba2-780m": mamba2, "mamba2-1.3b": mamba2, "mamba2-2.7b": mamba2,
        "mamba-130m-hf": TrainingLength(tokens: 2048, source: "Gu & Dao (2023), Mamba §4.2: the Pile models follow GPT-3's recipe at sequence length 2048",
                                        status: .secondary),
        "rwkv6-finch-7b": TrainingLength(tokens: 4096, source: "Stuffed Mamba v1 Fig. 1c: RWKV-6 loss rises past \"their 4K training length\" (state-capacity.md §1.6)",
                                         status: .reconstructed),
        "rwkv5-world-3b": TrainingLength(tokens: 4096, source: "Eagle and Finch (Peng et al. 2024, arXiv 2404.05892): the World models' training context of 4096",
                                         status: .secondary),
    ]

    public static func of(_ name: String) -> TrainingLength? { table[name] }
}

/// Stuffed Mamba's verdict for one recurrent checkpoint: does it learn to forget, i.e. is its
/// training length above the forget threshold of its state? Below it the model is predicted to
/// collapse on inputs longer than its training length (state collapse, Chen et al. 2024 §4).
///
/// The state counts the SSM (or WKV) state plus the d_conv − 1 informative columns of the
/// convolution cache: the convention that reproduces the paper's x-axis (4.8 M for mamba2-130m,
/// 12.9 M for mamba2-370m; state-capacity.md §1.3, sources review §5).
public struct StateCollapsePrediction: Sendable {
    public let stateElements: Int
    /// T_forget(N_S) in tokens (``StuffedMambaLaws/forgetLength(stateElements:)``).
    public let forgetLength: Double
    public let training: TrainingLength
    /// The state lies outside the fitted 0 … 12.9 M.
    public let extrapolated: Bool

    /// Predicted to collapse: trained shorter than the forget threshold.
    public var collapses: Bool { Double(training.tokens) < forgetLength }
    /// The verdict under the alternative training length, when there is one.
    public var collapsesAtAlternative: Bool? { training.alternative.map { Double($0) < forgetLength } }

    public init(report: RecurrentReport, training: TrainingLength) {
        stateElements = report.stateElementsWithConvolution
        forgetLength = report.laws.forgetLength(stateElements: Double(stateElements))
        self.training = training
        extrapolated = StuffedMambaLaws.isExtrapolated(stateElements: Double(stateElements))
    }

    /// The prediction for a bundled checkpoint: nil without a known training length, without a
    /// recurrent state, or for a hybrid (attention layers beside the state: the law was fitted on
    /// pure Mamba-2).
    public static func forBundled(_ name: String, report: RecurrentReport) -> StateCollapsePrediction? {
        guard let t = RecurrentTrainingLengths.of(name), !report.states.isEmpty, report.caches.isEmpty else { return nil }
        return StateCollapsePrediction(report: report, training: t)
    }
}
