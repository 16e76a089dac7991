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
    case settings
    case gate

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
        case .settings: return "ε, angle format, convention, kernel reading"
        case .gate: return "the verdict and exit code"
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
        case .kernel: return "threshold reading (default): rope_theta ≥ b*(L) = inf{b : K_b(m) ≥ 0 ∀ m < L}, K(m) = Σᵢ cos(m·θᵢ); exact reading: K(m) ≥ 0 for every m < L at this rope_theta"
        case .erasure: return "phase error of m·θ against float64; direct angles first collide in [2^p, 2^(p+1)], p fraction bits"
        case .reach: return "the largest L at which each bound still holds (bisection; the kernel by an exact scan); rope_theta thresholds by inverting ω_min(rope_theta)"
        case .lint: return "rules read from transformers' rope validation and the stacks' config readers"
        case .servingStacks: return "each stack's rule for its maximum context (max_position_embeddings, rope_scaling factor, model_max_length, …)"
        case .evidence: return "contradictions of each bound by measured effective lengths (ctxlimits validate; RULER, NoLiMa, model cards)"
        case .settings: return "defaults ε = 0.5, fp32, exact convention, threshold kernel reading; --convention liu2026 = ε 0.95, fp32, 1/rope_theta (YaRN: b·s^(d/(d−2)))"
        case .gate: return "exit 3 when a gated bound fails at L; default gate: kernel (threshold reading)"
        }
    }

    public var source: String {
        switch self {
        case .ropeScaling: return "transformers v5 modeling_rope_utils"
        case .aliasing, .dcStability, .depth, .precision, .precisionWall:
            return "Liu 2026, arXiv 2602.10959, formulas as quoted by a secondary summary"
        case .kernel: return "Men et al., NeurIPS 2024, Theorem 1; abstract: \"an absolute lower bound for the base value to obtain certain context length capability\""
        case .erasure: return "derived here"
        case .reach: return "derived here from the bounds above"
        case .lint: return "transformers 5.24, vLLM 0.33, llama.cpp (rule sources in Guides/Models.md)"
        case .servingStacks: return "vLLM 0.33 and 0.11 (before PR #56446), llama.cpp, transformers 5.24"
        case .evidence: return "RULER README at NVIDIA/RULER@ebe802cd; NoLiMa README at adobe-research/NoLiMa@7532e4ee; Phi-3/3.5 model cards (Examples/measurements/PROVENANCE.md)"
        case .settings: return "Liu 2026 case study (Table 1, §4) via a secondary reviewer's note: ε 0.95, fp32, 1/base, YaRN effective base; everything else this tool's choice"
        case .gate: return "this tool's choice, argued from the sources (README: the verdict)"
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
        case .settings: return [.secondary, .reconstructed]
        case .gate: return [.derived]
        }
    }

    /// What the status means for this result in particular.
    public var note: String {
        switch self {
        case .ropeScaling: return "tested against transformers on 300+ sweeps and every bundled config"
        case .aliasing, .dcStability, .depth, .precision:
            return "the paper's text was not available: ω_min, the depth compounding and the exact-spectrum convention are this tool's reading; ε is a free parameter"
        case .precisionWall: return "follows from the depth bound and the precision ceiling; ε = 0.5 is this tool's default (it meets the abstract's ≈ 1M tokens); the paper's case study uses ε = 0.95 [S]"
        case .kernel: return "the paper states a lower bound on the base (its threshold reading); the exact per-base reading is a stronger statement it does not make; b* by a certified search derived here"
        case .erasure: return "simulated in every format, tested against the closed form"
        case .reach: return "a reach is exact to the resolution given in the JSON"
        case .lint, .servingStacks: return "each rule cites its source line"
        case .evidence: return "no convention was tuned to the measurements"
        case .settings: return "the paper's settings are ε 0.95, fp32 and 1/rope_theta [S]; the YaRN effective base's formula is not given in the account: NTK-aware b·s^(d/(d−2)) is this tool's reconstruction; ε 0.5, the exact convention and the threshold reading are this tool's defaults"
        case .gate: return "Men et al. state their bound as necessary and test it; Liu's four bounds come from a case study without interventions [S], so they inform but do not decide by default"
        }
    }
}
