import Foundation

/// Everything that determines a layer's rotary frequencies: base, rotary dimension, rope
/// scaling, and the context length the scaling refers to.
public struct RotaryConfiguration: Sendable, Equatable {
    /// b = `rope_theta` (also `rotary_emb_base`, `rope_local_base_freq`).
    public var base: Double
    /// The attention head dimension (HF `head_dim`, else hidden_size / num_attention_heads).
    public var headDim: Int
    /// d, the number of rotated components: HF `int(head_dim · partial_rotary_factor)`, or
    /// `qk_rope_head_dim` for MLA, or an explicit `rotary_dim`. Even.
    public var rotaryDim: Int
    public var scaling: RopeScaling
    /// `max_position_embeddings`, needed by `dynamic` and by yarn/longrope without `factor`.
    public var maxPositionEmbeddings: Int?

    public init(base: Double, headDim: Int, rotaryDim: Int? = nil, scaling: RopeScaling = .none,
                maxPositionEmbeddings: Int? = nil) {
        self.base = base
        self.headDim = headDim
        self.rotaryDim = rotaryDim ?? headDim
        self.scaling = scaling
        self.maxPositionEmbeddings = maxPositionEmbeddings
    }

    /// The same configuration with another `rope_theta` (scaling, dimensions and context kept):
    /// what thresholds in rope_theta and `ctxlimits fix` vary.
    public func withBase(_ newBase: Double) -> RotaryConfiguration {
        var c = self
        c.base = newBase
        return c
    }

    /// HF's rotary dimension for a partial rotary factor: `int(head_dim · factor)`.
    public static func rotaryDim(headDim: Int, partialRotaryFactor: Double) -> Int {
        Int((Double(headDim) * partialRotaryFactor).rounded(.towardZero))
    }

    /// The inverse frequencies and attention factor this configuration gives at `sequenceLength`
    /// (nil = at model initialisation, as HF builds its cache: `dynamic` then uses
    /// max_position_embeddings and `longrope` its short factors).
    ///
    /// Formulas (transformers v5 `modeling_rope_utils`, see `Guides/Rotary.md` for v4 differences), with
    /// θ_k = b^{−2k/d}, k = 0 … d/2 − 1:
    /// - default: θ_k. linear: θ_k/s.
    /// - dynamic: b' = b·(s·L/L_max − (s − 1))^{d/(d−2)} with L = max(seq_len, L_max), θ'_k = b'^{−2k/d}.
    /// - yarn: ramp ρ_k = clamp((k − low)/(high − low), 0, 1) between the correction dimensions
    ///   D(r) = d·ln(L₀/(2πr))/(2 ln b) at r = β_fast, β_slow (floored/ceiled when `truncate`),
    ///   θ'_k = θ_k·(ρ_k/s + 1 − ρ_k); attention factor 0.1·ln s + 1, or the mscale ratio.
    /// - longrope: θ'_k = θ_k / f_k with f = long_factor when seq_len > L₀ else short_factor;
    ///   attention factor √(1 + ln s / ln L₀).
    /// - llama3: θ_k unchanged for λ_k < L₀/h, θ_k/s for λ_k > L₀/l, and (1−γ)θ_k/s + γθ_k between,
    ///   γ = (L₀/λ_k − l)/(h − l), λ_k = 2π/θ_k.
    /// - proportional: b^{−2k/head_dim} on the first ⌊p·head_dim/2⌋ channels, 0 after, all / s.
    ///
    /// - Accuracy: computed in float64 (HF computes in float32: agreement is ~1e-7 relative).
    /// - Complexity: O(d).
    /// - Throws: ``RotaryError`` naming the HF key of a parameter outside its domain.
    public func spectrum(sequenceLength: Int? = nil) throws(RotaryError) -> RotarySpectrum {
        try validate(sequenceLength: sequenceLength)
        let d = rotaryDim
        let theta = RotarySpectrum.standardInverseFrequencies(base: base, rotaryDim: d)
        switch scaling {
        case .none:
            return RotarySpectrum(ropeType: .default, base: base, rotaryDim: d, inverseFrequencies: theta, attentionFactor: 1)
        case let .linear(s):
            return RotarySpectrum(ropeType: .linear, base: base, rotaryDim: d, inverseFrequencies: theta.map { $0 / s }, attentionFactor: 1)
        case let .dynamic(s):
            let lMax = Double(maxPositionEmbeddings!)
            let l = max(Double(sequenceLength ?? maxPositionEmbeddings!), lMax)
            let scaledBase = base * pow(s * l / lMax - (s - 1), Double(d) / Double(d - 2))
            return RotarySpectrum(ropeType: .dynamic, base: base, rotaryDim: d,
                                  inverseFrequencies: RotarySpectrum.standardInverseFrequencies(base: scaledBase, rotaryDim: d),
                                  attentionFactor: 1)
        case let .ntkAlpha(alpha):
            // HunYuan: b' = b·α^{d/(d−2)} with d = head_dim (transformers 5.25,
            // modeling_hunyuan_v1_dense.py compute_ntk_alpha_rope_parameters).
            let scaledBase = base * pow(alpha, Double(d) / Double(d - 2))
            return RotarySpectrum(ropeType: .ntkAlpha, base: base, rotaryDim: d,
                                  inverseFrequencies: RotarySpectrum.standardInverseFrequencies(base: scaledBase, rotaryDim: d),
                                  attentionFactor: 1)
        case let .yarn(y):
            return yarnSpectrum(y, theta)
        case let .longrope(p):
            let l0 = Double(p.originalMaxPositionEmbeddings)
            let s = p.factor ?? Double(maxPositionEmbeddings!) / l0
            let attention = p.attentionFactor ?? (s <= 1 ? 1 : (1 + log(s) / log(l0)).squareRoot())
            let useLong = (sequenceLength ?? 0) > p.originalMaxPositionEmbeddings
            let ext = useLong ? p.longFactor : p.shortFactor
            return RotarySpectrum(ropeType: .longrope, base: base, rotaryDim: d,
                                  inverseFrequencies: zip(theta, ext).map { $0 / $1 }, attentionFactor: attention)
        case let .llama3(p):
            let l0 = Double(p.originalMaxPositionEmbeddings)
            let lowWavelength = l0 / p.lowFreqFactor, highWavelength = l0 / p.highFreqFactor
            let scaled = theta.map { t -> Double in
                let wavelength = 2 * Double.pi / t
                // HF's order: long wavelengths are divided first, so that with high_freq_factor <
                // low_freq_factor (which transformers only warns about) the bands come out as its.
                if wavelength > lowWavelength { return t / p.factor }
                if wavelength < highWavelength { return t }
                // With low == high (Llama-4) the band is a single wavelength, where HF's γ is 0/0; keep θ.
                if p.highFreqFactor == p.lowFreqFactor { return t }
                let gamma = (l0 / wavelength - p.lowFreqFactor) / (p.highFreqFactor - p.lowFreqFactor)
                return (1 - gamma) * t / p.factor + gamma * t
            }
            return RotarySpectrum(ropeType: .llama3, base: base, rotaryDim: d, inverseFrequencies: scaled, attentionFactor: 1)
        case let .proportional(s):
            let angles = rotaryDim / 2     // HF: int(p·head_dim // 2), with rotaryDim = int(p·head_dim)
            let inv = (0..<(headDim / 2)).map { k in k < angles ? 1 / pow(base, Double(2 * k) / Double(headDim)) / s : 0 }
            return RotarySpectrum(ropeType: .proportional, base: base, rotaryDim: headDim, inverseFrequencies: inv, attentionFactor: 1)
        }
    }

    private func yarnSpectrum(_ y: RopeScaling.Yarn, _ theta: [Double]) -> RotarySpectrum {
        let l0 = Double(y.originalMaxPositionEmbeddings)
        let s = y.factor ?? Double(maxPositionEmbeddings!) / l0
        func mscale(_ scale: Double, _ m: Double = 1) -> Double { scale <= 1 ? 1 : 0.1 * m * log(scale) + 1 }
        let attention: Double
        if let given = y.attentionFactor {
            attention = given
        } else if let m = y.mscale, let mAll = y.mscaleAllDim, m != 0, mAll != 0 {
            attention = mscale(s, m) / mscale(s, mAll)
        } else {
            attention = mscale(s)
        }
        let (low, high) = Yarn.correctionRange(betaFast: y.betaFast ?? 32, betaSlow: y.betaSlow ?? 1, rotaryDim: rotaryDim,
                                               base: base, originalContext: l0, truncate: y.truncate)
        let span = high == low ? high + 0.001 - low : high - low
        let inv = theta.enumerated().map { k, t -> Double in
            let ramp = min(max((Double(k) - low) / span, 0), 1)
            let extrapolation = 1 - ramp
            return (t / s) * (1 - extrapolation) + t * extrapolation
        }
        return RotarySpectrum(ropeType: .yarn, base: base, rotaryDim: rotaryDim, inverseFrequencies: inv, attentionFactor: attention)
    }

    /// Checks every parameter against its domain (the checks ``spectrum(sequenceLength:)`` makes
    /// first), naming the one that is out of range. O(d).
    public func validate() throws(RotaryError) { try validate(sequenceLength: nil) }

    private func validate(sequenceLength: Int?) throws(RotaryError) {
        guard base.isFinite, base > 1 else { throw RotaryError(.ropeTheta, "the base must be a finite number greater than 1, got \(base)") }
        guard headDim >= 2 else { throw RotaryError(.headDim, "must be at least 2, got \(headDim)") }
        guard rotaryDim >= 2, rotaryDim <= headDim else {
            throw RotaryError(.rotaryDim, "must be between 2 and head_dim = \(headDim), got \(rotaryDim)")
        }
        guard rotaryDim % 2 == 0 else {
            throw RotaryError(.rotaryDim, "must be even (channels come in pairs), got \(rotaryDim)")
        }
        if let n = sequenceLength, n < 1 { throw RotaryError(.sequenceLength, "must be at least 1, got \(n)") }
        if let m = maxPositionEmbeddings, m < 1 { throw RotaryError(.maxPositionEmbeddings, "must be at least 1, got \(m)") }
        // A factor below 1 shrinks instead of extending; the formulas still hold, and transformers only
        // warns (which the lint repeats), so only a factor that is not a positive number is refused.
        func positiveFactor(_ s: Double) throws(RotaryError) {
            guard s.isFinite, s > 0 else { throw RotaryError(.scaling(.factor), "must be a positive finite number for rope type '\(scaling.ropeType.rawValue)', got \(s)") }
        }
        func needsMaxPosition(_ why: String) throws(RotaryError) {
            guard maxPositionEmbeddings != nil else { throw RotaryError(.maxPositionEmbeddings, "is required \(why)") }
        }
        func original(_ l0: Int) throws(RotaryError) {
            guard l0 >= 2 else { throw RotaryError(.scaling(.originalMaxPositionEmbeddings), "must be at least 2, got \(l0)") }
        }
        switch scaling {
        case .none: break
        case let .linear(s): try positiveFactor(s)
        case let .dynamic(s):
            try positiveFactor(s)
            try needsMaxPosition("by dynamic NTK scaling")
            guard rotaryDim > 2 else { throw RotaryError(.rotaryDim, "dynamic NTK needs d > 2 (it raises to d/(d−2)), got \(rotaryDim)") }
        case let .yarn(y):
            if let s = y.factor { try positiveFactor(s) } else { try needsMaxPosition("when yarn has no factor") }
            try original(y.originalMaxPositionEmbeddings)
            for (key, v) in [(RotaryParameter.ScalingKey.betaFast, y.betaFast), (.betaSlow, y.betaSlow)] {
                if let v, !(v.isFinite && v > 0) { throw RotaryError(.scaling(key), "must be a positive finite number, got \(v)") }
            }
            // beta_fast < beta_slow runs the ramp backwards (HF's linear_ramp_factor divides by a negative
            // span, as this code does) and a negative attention factor flips the sign of cos/sin: both
            // are computed as transformers computes them, and the lint warns.
            if let a = y.attentionFactor, !a.isFinite {
                throw RotaryError(.scaling(.attentionFactor), "must be finite, got \(a)")
            }
            for (key, v) in [(RotaryParameter.ScalingKey.mscale, y.mscale), (.mscaleAllDim, y.mscaleAllDim)] {
                if let v, !v.isFinite { throw RotaryError(.scaling(key), "must be finite, got \(v)") }
            }
            if let s = y.factor ?? maxPositionEmbeddings.map({ Double($0) / Double(y.originalMaxPositionEmbeddings) }),
               let m = y.mscale, let mAll = y.mscaleAllDim, m != 0, mAll != 0, s > 1, 0.1 * mAll * log(s) + 1 == 0 {
                throw RotaryError(.scaling(.mscaleAllDim), "makes the attention factor divide by zero")
            }
        case let .longrope(p):
            if let s = p.factor { try positiveFactor(s) } else { try needsMaxPosition("when longrope has no factor") }
            try original(p.originalMaxPositionEmbeddings)
            let lists: [(Int?) -> RotaryParameter.ScalingKey] = [{ .shortFactor(index: $0) }, { .longFactor(index: $0) }]
            for (key, list) in zip(lists, [p.shortFactor, p.longFactor]) {
                guard list.count == rotaryDim / 2 else {
                    throw RotaryError(.scaling(key(nil)), "needs rotary_dim/2 = \(rotaryDim / 2) entries, got \(list.count)")
                }
                if let bad = list.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
                    throw RotaryError(.scaling(key(bad)), "must be a positive finite number, got \(list[bad])")
                }
            }
            if let a = p.attentionFactor, !a.isFinite {
                throw RotaryError(.scaling(.attentionFactor), "must be finite, got \(a)")
            }
        case let .llama3(p):
            try positiveFactor(p.factor)
            try original(p.originalMaxPositionEmbeddings)
            guard p.lowFreqFactor.isFinite, p.lowFreqFactor > 0 else {
                throw RotaryError(.scaling(.lowFreqFactor), "must be a positive finite number, got \(p.lowFreqFactor)")
            }
            guard p.highFreqFactor.isFinite, p.highFreqFactor > 0 else {
                throw RotaryError(.scaling(.highFreqFactor), "must be a positive finite number, got \(p.highFreqFactor)")
            }
        case let .proportional(s):
            guard s.isFinite, s > 0 else { throw RotaryError(.scaling(.factor), "must be a positive finite number, got \(s)") }
        case let .ntkAlpha(alpha):
            guard alpha.isFinite, alpha > 0 else { throw RotaryError(.scaling(.alpha), "must be a positive finite number, got \(alpha)") }
            guard rotaryDim > 2 else { throw RotaryError(.rotaryDim, "NTK-alpha needs d > 2 (it raises to d/(d−2)), got \(rotaryDim)") }
            let scaled = base * pow(alpha, Double(rotaryDim) / Double(rotaryDim - 2))
            guard scaled.isFinite else { throw RotaryError(.scaling(.alpha), "makes the base b·α^(d/(d−2)) overflow, got \(alpha)") }
        }
    }
}

/// YaRN's correction range, exposed for tests and reports.
public enum Yarn {
    /// (low, high) channel indices of the ramp: D(r) = d·ln(L₀/(2πr))/(2 ln b) at r = β_fast and
    /// β_slow, floored/ceiled when `truncate`, then clamped to [0, d − 1] (HF `find_correction_range`).
    public static func correctionRange(betaFast: Double, betaSlow: Double, rotaryDim: Int, base: Double,
                                       originalContext: Double, truncate: Bool) -> (Double, Double) {
        func dimension(_ rotations: Double) -> Double {
            Double(rotaryDim) * log(originalContext / (rotations * 2 * Double.pi)) / (2 * log(base))
        }
        var low = dimension(betaFast), high = dimension(betaSlow)
        if truncate { low = low.rounded(.down); high = high.rounded(.up) }
        return (max(low, 0), min(high, Double(rotaryDim - 1)))
    }
}
