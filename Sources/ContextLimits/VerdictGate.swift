import Bounds

/// The bounds whose failure decides `check`'s verdict and exit code (`--gate`).
///
/// The default is the Men et al. kernel bound, read as the paper states it (base ≥ b*(L),
/// ``KernelReading/threshold``), alone. Argued from the sources, not from the measurements:
/// - Men et al. (2024) state it as a necessary condition ("an absolute lower bound for the base
///   value to obtain certain context length capability", abstract [V]) and test it themselves by
///   training with bases below it [S].
/// - Liu (2026)'s four bounds come from a paper whose case study substitutes configs into the
///   formulas and runs no intervention (no base × format × length experiment on a fixed model) [S,
///   sources review §2.1]. Its depth bound treats layers as independent, which the paper itself calls
///   an approximation [S]; its precision bound treats ε_mach as an absolute phase threshold, while
///   the stacks compute each angle m·θ as one fp32 product rather than by accumulating increments
///   (config-pitfalls.md; the reviewer's objection [S]); its aliasing bound concerns one channel,
///   and the bank as a whole still tells positions apart [S]. They are reported with their
///   measured track record, and can be put in the gate with `--gate`.
public struct VerdictGate: Sendable, Equatable, CustomStringConvertible {
    /// The gated bounds, in ``Bound/allCases`` order.
    public let bounds: [Bound]

    public init(_ bounds: some Sequence<Bound>) {
        let set = Set(bounds)
        self.bounds = Bound.allCases.filter(set.contains)
    }

    /// The default gate: the kernel bound (see the type's documentation for why).
    public static let standard = VerdictGate([.kernel])
    /// Every bound.
    public static let all = VerdictGate(Bound.allCases)

    public func contains(_ bound: Bound) -> Bool { bounds.contains(bound) }

    public var description: String { bounds.map(\.rawValue).joined(separator: ",") }
}
