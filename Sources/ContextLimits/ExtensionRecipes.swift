import Models
import Rotary

/// A vendor's published context-extension recipe: the scaling a model family ships (or its card
/// tells users to add), the length it serves, and what it needed, with where each was read.
public struct ExtensionRecipe: Sendable, Equatable {
    public let name: String
    /// Hugging Face `model_type` values of the family.
    public let modelTypes: Set<String>
    /// The family's rope_theta (nil: any).
    public let ropeTheta: Double?
    /// L₀, the pre-extension length the scaling starts from.
    public let originalContext: Int
    /// The context the recipe serves (max_position_embeddings of the extended config).
    public let context: Int
    /// The recipe's scaling (L₀ inside it); nil for LongRoPE, whose per-channel factors are searched
    /// for each model and are taken from the config that carries them.
    public let scaling: RopeScaling?
    public let evidence: RequirementEvidence
    /// Where the recipe's values were read.
    public let provenance: String

    /// Whether a rotary configuration of this model type belongs to the family: its base and its
    /// pre-extension length.
    func matches(modelType: String?, rotary: RotaryConfiguration) -> Bool {
        guard let t = modelType, modelTypes.contains(t) else { return false }
        if let b = ropeTheta, rotary.base != b { return false }
        // The pre-extension length: the config's own where it states one; else its
        // max_position_embeddings must lie in [L₀, context) (Qwen3 writes 40960 for L₀ = 32768).
        if let l0 = rotary.scaling.originalMaxPositionEmbeddings {
            if l0 != originalContext { return false }
        } else if let m = rotary.maxPositionEmbeddings, !(originalContext..<context).contains(m) {
            return false
        }
        if scaling == nil, case .longrope = rotary.scaling {} else if scaling == nil { return false }
        return true
    }
}

/// The bundled table of published recipes (each row's provenance names the config file or card).
public enum ExtensionRecipes {
    public static let all: [ExtensionRecipe] = [
        ExtensionRecipe(name: "Llama 3.1 (llama3 ×8 from 8192)", modelTypes: ["llama"], ropeTheta: 500_000, originalContext: 8192, context: 131_072,
                        scaling: .llama3(.init(factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192)),
                        evidence: RequirementEvidence(.continuedPretraining, "Dubey et al. 2024 (Llama 3, arXiv 2407.21783) §3.4.2: Llama 3.1 reaches 128K by long-context pre-training in increasing stages (paraphrase)"),
                        provenance: "meta-llama/Llama-3.1-8B config.json (bundled llama-3.1-8b)"),
        ExtensionRecipe(name: "Llama 3.2 (llama3 ×32 from 8192)", modelTypes: ["llama"], ropeTheta: 500_000, originalContext: 8192, context: 131_072,
                        scaling: .llama3(.init(factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192)),
                        evidence: RequirementEvidence(.continuedPretraining, "Meta, Llama 3.2 1B/3B model card: pruned and distilled from Llama 3.1 with long-context training to 128K (paraphrase)"),
                        provenance: "meta-llama/Llama-3.2-1B config.json (bundled llama-3.2-1b, llama-3.2-3b)"),
        ExtensionRecipe(name: "Llama 4 Scout (llama3 ×16 from 8192)", modelTypes: ["llama4_text", "llama4"], ropeTheta: 500_000, originalContext: 8192, context: 10_485_760,
                        scaling: .llama3(.init(factor: 16, lowFreqFactor: 1, highFreqFactor: 1, originalMaxPositionEmbeddings: 8192)),
                        evidence: RequirementEvidence(.continuedPretraining, "Meta, Llama 4 release notes: the 10M context comes from long-context mid-training (paraphrase)"),
                        provenance: "meta-llama/Llama-4-Scout-17B-16E config.json text_config (bundled llama-4-scout-17b-16e)"),
        ExtensionRecipe(name: "Qwen2/Qwen2.5 (YaRN ×4 from 32768)", modelTypes: ["qwen2"], ropeTheta: 1_000_000, originalContext: 32_768, context: 131_072,
                        scaling: .yarn(.init(factor: 4, originalMaxPositionEmbeddings: 32_768)),
                        evidence: RequirementEvidence(.none, "Qwen2.5-7B-Instruct model card, \"Processing Long Texts\": add the rope_scaling block {factor 4.0, original_max_position_embeddings 32768, type yarn} to config.json to handle inputs past 32,768 tokens (paraphrase; no training)"),
                        provenance: "Qwen/Qwen2.5-7B-Instruct model card (bundled qwen2.5-7b-instruct-yarn)"),
        ExtensionRecipe(name: "Qwen3 (YaRN ×4 from 32768)", modelTypes: ["qwen3", "qwen3_moe"], ropeTheta: 1_000_000, originalContext: 32_768, context: 131_072,
                        scaling: .yarn(.init(factor: 4, originalMaxPositionEmbeddings: 32_768)),
                        evidence: RequirementEvidence(.none, "Qwen3-8B model card, \"Processing Long Texts\": natively 32,768 tokens, extended to 131,072 by adding the YaRN block (factor 4.0 from 32,768) at inference, no training (paraphrase)"),
                        provenance: "Qwen/Qwen3-8B model card (bundled qwen3-8b-yarn, qwen3-4b-yarn)"),
        ExtensionRecipe(name: "DeepSeek-V2 (YaRN ×40 from 4096, mscale 0.707)", modelTypes: ["deepseek_v2"], ropeTheta: 10_000, originalContext: 4096, context: 163_840,
                        scaling: .yarn(.init(factor: 40, originalMaxPositionEmbeddings: 4096, betaFast: 32, betaSlow: 1, mscale: 0.707, mscaleAllDim: 0.707)),
                        evidence: RequirementEvidence(.fineTuning, "DeepSeek-AI 2024 (DeepSeek-V2, arXiv 2405.04434) §3.1.4: YaRN extends the window from 4K to 128K with 1000 steps of training at 32K (paraphrase)"),
                        provenance: "deepseek-ai/DeepSeek-V2-Lite config.json (bundled deepseek-v2-lite)"),
        ExtensionRecipe(name: "DeepSeek-V3 (YaRN ×40 from 4096, mscale 1)", modelTypes: ["deepseek_v3"], ropeTheta: 10_000, originalContext: 4096, context: 163_840,
                        scaling: .yarn(.init(factor: 40, originalMaxPositionEmbeddings: 4096, betaFast: 32, betaSlow: 1, mscale: 1, mscaleAllDim: 1)),
                        evidence: RequirementEvidence(.fineTuning, "DeepSeek-AI 2024 (DeepSeek-V3, arXiv 2412.19437) §4.3: two YaRN phases of 1000 steps each extend the window from 4K to 32K and then 128K (paraphrase)"),
                        provenance: "deepseek-ai/DeepSeek-V3 config.json (bundled deepseek-v3)"),
        ExtensionRecipe(name: "gpt-oss (YaRN ×32 from 4096)", modelTypes: ["gpt_oss"], ropeTheta: 150_000, originalContext: 4096, context: 131_072,
                        scaling: .yarn(.init(factor: 32, originalMaxPositionEmbeddings: 4096, betaFast: 32, betaSlow: 1, truncate: false)),
                        evidence: RequirementEvidence(.continuedPretraining, "OpenAI 2025, gpt-oss model card §2: the dense layers' context is extended to 131,072 tokens with YaRN during pre-training (paraphrase)"),
                        provenance: "openai/gpt-oss-20b config.json (rope_scaling: yarn, factor 32, beta_fast 32, beta_slow 1, truncate false)"),
        ExtensionRecipe(name: "Phi-3 (LongRoPE from 4096)", modelTypes: ["phi3"], ropeTheta: 10_000, originalContext: 4096, context: 131_072,
                        scaling: nil,
                        evidence: RequirementEvidence(.fineTuning, "Ding et al. 2024 (LongRoPE, arXiv 2402.13753) abstract: the searched factors give \"an 8× extension in non-fine-tuning scenarios\"; Phi-3's ×32 was trained (Abdin et al. 2024, arXiv 2404.14219, paraphrase)"),
                        provenance: "microsoft/Phi-3-mini-128k-instruct, Phi-3.5-mini-instruct config.json (bundled)"),
        ExtensionRecipe(name: "Yarn-Llama-2-128k (YaRN ×32 from 4096)", modelTypes: ["llama"], ropeTheta: 10_000, originalContext: 4096, context: 131_072,
                        scaling: .yarn(.init(factor: 32, originalMaxPositionEmbeddings: 4096)),
                        evidence: RequirementEvidence.yarnBeyondTwice,
                        provenance: "NousResearch/Yarn-Llama-2-7b-128k (Peng et al. 2023, §4.1)"),
    ]

    /// The recipe of a rotary configuration: the row whose scaling it carries, else the first row of
    /// its family (model type, base and, where stated, pre-extension length). nil: none applies.
    public static func recipe(modelType: String?, rotary: RotaryConfiguration) -> ExtensionRecipe? {
        let family = all.filter { $0.matches(modelType: modelType, rotary: rotary) }
        return family.first { $0.scaling == rotary.scaling } ?? family.first
    }
}
