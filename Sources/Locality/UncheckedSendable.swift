/// Lets a pointer cross into `concurrentPerform`, where each iteration writes disjoint indices.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
