/// What a change to a model's rotary configuration needs before the trained weights can serve it,
/// from least to most: the three levels `fix --allow-training` names.
/// The raw value is the JSON value and the spelling of `--allow-training`.
public enum TrainingRequirement: String, Sendable, Comparable, CaseIterable {
    /// Usable on the trained weights as they are.
    case none = "none"
    /// A short fine-tuning at the new length (hundreds to a thousand steps in the papers).
    case fineTuning = "fine-tuning"
    /// Continued pre-training on long sequences (billions of tokens).
    case continuedPretraining = "continued-pretraining"

    /// 0, 1, 2: how much training, for ordering.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: TrainingRequirement, b: TrainingRequirement) -> Bool { a.rank < b.rank }
}

/// A training requirement with the sentence of the source that sets it.
public struct RequirementEvidence: Sendable, Equatable {
    public let requirement: TrainingRequirement
    /// Where the requirement comes from: the paper, card or config, its section, and the sentence
    /// quoted ("…") or, where no sentence was checked, a paraphrase marked as such.
    public let source: String

    public init(_ requirement: TrainingRequirement, _ source: String) {
        self.requirement = requirement
        self.source = source
    }

    /// Dynamic NTK at any factor: Peng et al. (YaRN, arXiv 2309.00071) §1 list it as "the \"Dynamic
    /// NTK\" interpolation method for pre-trained models without fine-tuning".
    public static let dynamicNTK = RequirementEvidence(.none,
        "Peng et al. 2023 (YaRN, arXiv 2309.00071) §1: \"the 'Dynamic NTK' interpolation method for pre-trained models without fine-tuning\"")

    /// YaRN up to twice the pre-training length without training; further with fine-tuning.
    public static let yarnWithinTwice = RequirementEvidence(.none,
        "Peng et al. 2023 (YaRN) §4, as summarised by secondary sources (sentence not checked against the paper): YaRN with dynamic scaling extends the context more than 2x without any fine-tuning")
    public static let yarnBeyondTwice = RequirementEvidence(.fineTuning,
        "Peng et al. 2023 (YaRN) abstract: YaRN is \"a compute-efficient method to extend the context window of such models, requiring 10x less tokens and 2.5x less training steps than previous methods\"; its s = 16 and 32 models are fine-tuned (400 and 200 steps, §4.1, paraphrase)")
    /// llama3 (NTK-by-parts) scaling: only ever reported on weights trained with it.
    public static let llama3 = RequirementEvidence(.fineTuning,
        "no source reports llama3 (NTK-by-parts) scaling on weights not trained with it; Meta trained Llama 3.1 with it in long-context pre-training (Dubey et al. 2024, arXiv 2407.21783, §3.4.2, paraphrase)")
    /// Position interpolation.
    public static let positionInterpolation = RequirementEvidence(.fineTuning,
        "Chen et al. 2023 (PI, arXiv 2306.15595) abstract: PI \"extends the context window sizes of RoPE-based pretrained LLMs such as LLaMA models to up to 32768 with minimal fine-tuning (within 1000 steps)\"")
    /// A new rope_theta (adjusted base frequency).
    public static let newBase = RequirementEvidence(.continuedPretraining,
        "Xiong et al. 2023 (arXiv 2309.16039) change the base to 500 000 and continue pre-training on long sequences (ABF, §2, paraphrase); Men et al. 2024 (arXiv 2405.14591): the base bounds the context a model can learn, during training")
}
