import Synchronization

/// Process-wide counts of the primitive operations the hot loops perform, so that a benchmark can
/// state how much work a run did and compare its rate with ``MachinePeaks``. Loops add their
/// counts once per block of work (thousands of operations), so counting costs nothing measurable,
/// and the counts do not depend on the number of threads.
public enum WorkTally {
    /// The primitive operations counted.
    public enum Operation: Int, CaseIterable, Sendable {
        /// Kernel terms advanced by a recurrence or simulated angles: one fused multiply-add each.
        case fusedMultiplyAdd
        /// sin/cos pairs evaluated directly (vector or libm).
        case sinCos
        /// Standard normal variates drawn.
        case normal
        /// χ²₂ variates −2 ln U drawn.
        case chiSquare
        /// Elements moved by merge passes (sorting and pair counting).
        case merge
    }

    private static let fusedMultiplyAdds = Atomic<Int>(0)
    private static let sinCosPairs = Atomic<Int>(0)
    private static let normals = Atomic<Int>(0)
    private static let chiSquares = Atomic<Int>(0)
    private static let merged = Atomic<Int>(0)

    private static func counter<T>(_ operation: Operation, _ body: (borrowing Atomic<Int>) -> T) -> T {
        switch operation {
        case .fusedMultiplyAdd: return body(fusedMultiplyAdds)
        case .sinCos: return body(sinCosPairs)
        case .normal: return body(normals)
        case .chiSquare: return body(chiSquares)
        case .merge: return body(merged)
        }
    }

    /// Adds `amount` operations of one kind. O(1), thread-safe.
    public static func add(_ operation: Operation, _ amount: Int) {
        counter(operation) { _ = $0.add(amount, ordering: .relaxed) }
    }

    /// The counts so far, by operation.
    public static func snapshot() -> [Operation: Int] {
        Dictionary(uniqueKeysWithValues: Operation.allCases.map { op in (op, counter(op) { $0.load(ordering: .relaxed) }) })
    }
}
