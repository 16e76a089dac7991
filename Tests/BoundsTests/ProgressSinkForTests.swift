import NumericalCore

enum ProgressSinkForTests {
    /// A sink that asks every computation to stop at its first check.
    static let cancelled = ProgressSink(report: { _ in }, isCancelled: { true })
}
