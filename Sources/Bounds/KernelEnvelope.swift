import NumericalCore

extension RoPEKernel {
    /// The range of K over consecutive bins of distances: for each bin [start, start + width) of
    /// `range`, min and max of K(m) over every m in it — what a plot of an oscillating kernel over
    /// many positions can show honestly (a sampled trace aliases).
    ///
    /// - Complexity: O(|range|·d/2), bins in parallel on `threads` workers (the result does not
    ///   depend on their number).
    /// - Throws: ``Interrupted`` when `progress` asks to stop (checked once per bin).
    public func envelope(over range: Range<Int>, bins: Int, threads: Int = Parallel.defaultThreads,
                         progress: ProgressSink? = nil) throws(Interrupted) -> [(start: Int, min: Double, max: Double)] {
        precondition(bins >= 1 && !range.isEmpty)
        let width = max(1, (range.count + bins - 1) / bins)
        let count = (range.count + width - 1) / width
        let counter = WorkCounter(total: Double(count), sink: progress)
        return try Parallel.map(count, threads: threads) { b throws(Interrupted) -> (start: Int, min: Double, max: Double) in
            let start = range.lowerBound + b * width, end = min(range.upperBound, start + width)
            var lo = Double.infinity, hi = -Double.infinity
            for m in start..<end {
                let v = value(at: m)
                lo = Swift.min(lo, v); hi = Swift.max(hi, v)
            }
            try counter.advance()
            return (start, lo, hi)
        }
    }
}
