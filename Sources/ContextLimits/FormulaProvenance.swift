import Bounds

/// Where each result `check` reports comes from, and how sure the tool is of its reading: the
/// provenance table of `check --report` (and of the README's "Where the formulas come from").
public enum FormulaProvenance: String, Sendable, CaseIterable {
    case ropeScaling = "rope_scaling"
    case aliasing
    case dcStability = "dc_stability"
    case depth
    case precision
    case precisionWall = "precision_wall"
    case kernel
    case erasure
    case reach
    case lint
    case servingStacks = "serving_stacks"
    case evidence

    /// How a formula reached the tool (the reference files' tags).
    public enum Status: String, Sendable {
        case verbatim = "V", secondary = "S", reconstructed = "R", derived = "D", computed = "C"

        public var meaning: String {
            switch self {
            case .verbatim: return "checked against the primary source"
            case .secondary: return "from a secondary source"
            case .reconstructed: return "reconstructed: this tool's reading"
            case .derived: return "derived here"
            case .computed: return "computed by this tool"
            }
        }
    }

    /// The provenance of one bound's verdict.
    public static func of(_ bound: Bound) -> FormulaProvenance {
        switch bound {
        case .aliasing: return .aliasing
        case .dcStability: return .dcStability
        case .depth: return .depth
        case .precision: return .precision
        case .kernel: return .kernel
        }
    }

    public var result: String {
        switch self {
        case .ropeScaling: return "rotated inverse frequencies θᵢ under the config's rope scaling"
        case .aliasing: return "aliasing bound"
        case .dcStability: return "DC stability bound"
        case .depth: return "depth bound"
        case .precision: return "precision ceiling"
        case .precisionWall: return "precision wall"
        case .kernel: return "kernel bound"
        case .erasure: return "positional erasure (phase error, identical rotations)"
        case .reach: return "reach max_context, rope_theta thresholds"
        case .lint: return "lint warnings"
        case .servingStacks: return "context each serving stack derives"
        case .evidence: return "weight of a verdict"
        }
    }

    /// The formula, in the notation of the reports (ω_min the smallest rotated inverse frequency,
    /// L the context, N the RoPE layers, ε the coherence threshold).
    public var formula: String {
        switch self {
        case .ropeScaling: return "θᵢ = base^(−2i/d), then default, linear, dynamic, yarn, longrope, llama3 as transformers computes them"
        case .aliasing: return "L < 2π/ω_min"
        case .dcStability: return "cos(L·ω_min) ≥ ε"
        case .depth: return "cos(L·ω_min)^N ≥ ε"
        case .precision: return "ω_min > ε_mach of the format angles are computed in (1/ω_min < 2²³ in fp32)"
        case .precisionWall: return "L_wall = arccos(ε^(1/N))/ε_mach"
        case .kernel: return "K(m) = Σᵢ cos(m·θᵢ) ≥ 0 for every m < L"
        case .erasure: return "phase error of m·θ against float64; direct angles first collide in [2^p, 2^(p+1)], p fraction bits"
        case .reach: return "the largest L at which each bound still holds (bisection; the kernel by an exact scan); rope_theta thresholds by inverting ω_min(rope_theta)"
        case .lint: return "rules read from transformers' rope validation and the stacks' config readers"
        case .servingStacks: return "each stack's rule for its maximum context (max_position_embeddings, rope_scaling factor, model_max_length, …)"
        case .evidence: return "contradictions of each bound by RULER's measured effective lengths (ctxlimits validate)"
        }
    }

    public var source: String {
        switch self {
        case .ropeScaling: return "transformers v5 modeling_rope_utils"
        case .aliasing, .dcStability, .depth, .precision, .precisionWall:
            return "Liu 2026, arXiv 2602.10959, formulas as quoted by a secondary summary"
        case .kernel: return "Men et al., NeurIPS 2024, Theorem 1"
        case .erasure: return "derived here"
        case .reach: return "derived here from the bounds above"
        case .lint: return "transformers 5.24, vLLM 0.33, llama.cpp (rule sources in Guides/Models.md)"
        case .servingStacks: return "vLLM 0.33 and 0.11 (before PR #56446), llama.cpp, transformers 5.24"
        case .evidence: return "RULER (Hsieh et al., COLM 2024), README table at NVIDIA/RULER@ebe802cd"
        }
    }

    public var status: [Status] {
        switch self {
        case .ropeScaling: return [.verbatim]
        case .aliasing, .dcStability, .depth, .precision: return [.secondary, .reconstructed]
        case .precisionWall: return [.reconstructed]
        case .kernel: return [.secondary, .derived]
        case .erasure: return [.derived]
        case .reach: return [.derived, .computed]
        case .lint, .servingStacks: return [.verbatim]
        case .evidence: return [.computed]
        }
    }

    /// What the status means for this result in particular.
    public var note: String {
        switch self {
        case .ropeScaling: return "tested against transformers on 300+ sweeps and every bundled config"
        case .aliasing, .dcStability, .depth, .precision:
            return "the paper's text was not available: ω_min, the depth compounding and the exact-spectrum convention are this tool's reading; ε is a free parameter"
        case .precisionWall: return "follows from the depth bound and the precision ceiling; the abstract's ≈ 1M tokens is met at ε = 0.5"
        case .kernel: return "the d = 128 table via Su's recomputation; the certified search and its derivative certificates are derived here"
        case .erasure: return "simulated in every format, tested against the closed form"
        case .reach: return "a reach is exact to the resolution given in the JSON"
        case .lint, .servingStacks: return "each rule cites its source line"
        case .evidence: return "no convention was tuned to the measurements"
        }
    }
}
