import Bounds
import NumericalCore

/// The Men et al. kernel K(m) = Σᵢ cos(m·θᵢ) of each rotary layer type over its span, with what a
/// figure of it needs: the exact minimum, the first negative distance, K at sampled distances and,
/// where cheap, the range of K over bins of consecutive distances. The one typed result
/// `ctxlimits kernel` prints and the report page draws.
public struct KernelStudy: Sendable {
    public struct Group: Sendable {
        /// The layer type, with its spectrum and span.
        public let spectrum: GroupSpectrum
        /// min over 0 ≤ m < span of K(m), and where.
        public let minimum: RoPEKernel.Minimum
        /// The smallest m < span with K(m) < 0; nil when the kernel holds.
        public let firstNegative: Int?
        /// K at up to the requested number of distances spread evenly over 0 … span−1.
        public let samples: [(distance: Int, value: Double)]
        /// min and max of K over each of ``KernelStudy/envelopeBins`` bins (every distance
        /// evaluated); nil when span × channels is above ``KernelStudy/envelopeWork``.
        public let envelope: [(start: Int, min: Double, max: Double)]?

        /// The number of rotated channels, K(0).
        public var channels: Int { spectrum.spectrum.rotatedInverseFrequencies.count }
    }

    /// Bins of the envelope.
    public static let envelopeBins = 400
    /// The most kernel evaluations (span × channels) an envelope takes: 2^27, a few seconds; above
    /// it a sampled trace stands in.
    public static let envelopeWork = 1 << 27

    /// One per layer type, in the order given.
    public let groups: [Group]

    /// The kernel of each of `spectra` over its span.
    ///
    /// - Parameters:
    ///   - minima: the minima already found, one per spectrum in order (the typed result of
    ///     ``ModelReport``); nil computes them (``RoPEKernel/minimum(over:threads:progress:)``).
    ///   - points: how many distances ``Group/samples`` holds at most (≥ 2).
    /// - Complexity: per group O(span·d/2) for the minimum when not given, the first negative
    ///   distance when it fails and the envelope when drawn, plus O(points·d/2) for the samples.
    /// - Throws: ``Interrupted`` when `progress` asks to stop.
    public init(spectra: [GroupSpectrum], minima: [RoPEKernel.Minimum]? = nil, points: Int, progress: ProgressSink? = nil) throws(Interrupted) {
        precondition(minima == nil || minima!.count == spectra.count, "one minimum per spectrum")
        precondition(points >= 2, "at least two sampled distances")
        let total = Double(max(1, spectra.reduce(0) { $0 + $1.span })) * 3
        var done = 0.0
        var groups: [Group] = []
        for (i, s) in spectra.enumerated() {
            let kernel = RoPEKernel(inverseFrequencies: s.spectrum.rotatedInverseFrequencies)
            let share = Double(s.span) / total
            func stage(_ k: Double) -> ProgressSink? { progress?.stage(done + k * share, share) }
            let minimum: RoPEKernel.Minimum
            if let known = minima?[i] { minimum = known } else { minimum = try kernel.minimum(over: 0..<s.span, progress: stage(0)) }
            let firstNegative = minimum.holds ? nil : try kernel.firstNegativeDistance(below: s.span, progress: stage(1))
            let samples = Self.sampleDistances(s.span, points).map { (distance: $0, value: kernel.value(at: $0)) }
            let envelope = s.span * kernel.inverseFrequencies.count <= Self.envelopeWork
                ? try kernel.envelope(over: 0..<s.span, bins: Self.envelopeBins, progress: stage(2)) : nil
            done += 3 * share
            groups.append(Group(spectrum: s, minimum: minimum, firstNegative: firstNegative, samples: samples, envelope: envelope))
        }
        self.groups = groups
    }

    /// Up to `count` distinct distances spread evenly over 0 … L−1 (all of them when L ≤ count),
    /// in increasing order. O(count log count).
    public static func sampleDistances(_ L: Int, _ count: Int) -> [Int] {
        guard L > count else { return Array(0..<L) }
        return Array(Set((0..<count).map { Int((Double($0) * Double(L - 1) / Double(count - 1)).rounded()) })).sorted()
    }
}
