import Foundation

/// Micro-benchmarks of the machine's rate for each primitive operation of ``WorkTally``, run on a
/// given number of threads: the limits that `ctxlimits bench` compares each workload with.
///
/// Each measures the primitive alone, in registers or in cache, with enough independent chains
/// to hide latency, so the rate is the throughput the hardware gives this build's instruction set
/// (the target CPU of the build: AVX-512 on the project machine, SSE2 for a portable build).
/// Each runs for about 0.2 s per thread count; rates are per second over all threads.
public enum MachinePeaks {
    /// The rates, in operations per second, and the threads they were measured on.
    public struct Rates: Sendable {
        public let threads: Int
        public let rates: [WorkTally.Operation: Double]

        public init(threads: Int, rates: [WorkTally.Operation: Double]) {
            self.threads = threads
            self.rates = rates
        }
    }

    /// The instruction set this build's numerical code targets, and the vector extensions the
    /// processor reports (/proc/cpuinfo), for reports.
    public static var instructionSet: String {
        #if CTXLIMITS_NATIVE_ISA
        let build = "built for this CPU (-target-cpu native)"
        #else
        let build = "built for baseline \(architecture)"
        #endif
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ").map(String.init)) } ?? []
        let vector = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : flags.isEmpty ? "unknown" : "SSE"
        return "\(vector) CPU, \(build)"
    }

    static var architecture: String {
        #if arch(x86_64)
        return "x86-64"
        #elseif arch(arm64)
        return "arm64"
        #else
        return "architecture"
        #endif
    }

    /// Measures every primitive on `threads` threads.
    ///
    /// - Complexity: about one second of wall time.
    public static func measure(threads: Int) -> Rates {
        var rates: [WorkTally.Operation: Double] = [:]
        rates[.fusedMultiplyAdd] = rate(threads: threads) { fusedMultiplyAdds($0, $1) }
        rates[.sinCos] = rate(threads: threads) { sinCosPairs($0, $1) }
        rates[.normal] = rate(threads: threads) { normals($0, $1) }
        rates[.chiSquare] = rate(threads: threads) { chiSquares($0, $1) }
        rates[.merge] = rate(threads: threads) { mergedElements($0, $1) }
        return Rates(threads: threads, rates: rates)
    }

    /// Runs `body(worker, repetitions)` on every worker (it returns the operations done and a
    /// checksum that keeps the work alive), doubling repetitions until a run takes 0.1 s, then
    /// returns the best rate of three runs.
    static func rate(threads: Int, _ body: @escaping @Sendable (Int, Int) -> (operations: Int, checksum: Double)) -> Double {
        let workers = max(1, threads)
        func run(_ repetitions: Int) -> (seconds: Double, operations: Int) {
            let start = DispatchTime.now().uptimeNanoseconds
            let results = Parallel.map(workers, threads: workers) { body($0, repetitions) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            // The checksums keep the work observable; they are never NaN for these loops.
            precondition(!results.contains { $0.checksum.isNaN }, "a micro-benchmark produced NaN")
            return (max(seconds, 1e-9), results.reduce(0) { $0 + $1.operations })
        }
        var repetitions = 1
        while run(repetitions).seconds < 0.05 && repetitions < 1 << 40 { repetitions *= 2 }
        var best = 0.0
        for _ in 0..<3 {
            let (seconds, operations) = run(repetitions)
            best = max(best, Double(operations) / seconds)
        }
        return best
    }

    /// Sixteen independent chains x ← fma(x, a, b) of eight lanes: 128 FMAs per step.
    @inline(never)
    static func fusedMultiplyAdds(_ worker: Int, _ repetitions: Int) -> (operations: Int, checksum: Double) {
        typealias V = SIMD8<Double>
        let a = V(repeating: 0.999_999_9 - 1e-9 * Double(worker)), b = V(repeating: 1e-9)
        var x0 = V(repeating: 1), x1 = x0 * 1.01, x2 = x0 * 1.02, x3 = x0 * 1.03
        var x4 = x0 * 1.04, x5 = x0 * 1.05, x6 = x0 * 1.06, x7 = x0 * 1.07
        var x8 = x0 * 1.08, x9 = x0 * 1.09, xa = x0 * 1.10, xb = x0 * 1.11
        var xc = x0 * 1.12, xd = x0 * 1.13, xe = x0 * 1.14, xf = x0 * 1.15
        let steps = 1024 * repetitions
        for _ in 0..<steps {
            x0 = b.addingProduct(x0, a); x1 = b.addingProduct(x1, a); x2 = b.addingProduct(x2, a); x3 = b.addingProduct(x3, a)
            x4 = b.addingProduct(x4, a); x5 = b.addingProduct(x5, a); x6 = b.addingProduct(x6, a); x7 = b.addingProduct(x7, a)
            x8 = b.addingProduct(x8, a); x9 = b.addingProduct(x9, a); xa = b.addingProduct(xa, a); xb = b.addingProduct(xb, a)
            xc = b.addingProduct(xc, a); xd = b.addingProduct(xd, a); xe = b.addingProduct(xe, a); xf = b.addingProduct(xf, a)
        }
        let total = ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)) + ((x8 + x9) + (xa + xb)) + ((xc + xd) + (xe + xf))
        return (steps * 128, total.sum())
    }

    /// ``VectorSinCos/sinCos(_:tail:)`` on four independent vectors of arguments up to ~10⁴ rad
    /// (independent, so that the out-of-order core overlaps them as it does in the workloads).
    @inline(never)
    static func sinCosPairs(_ worker: Int, _ repetitions: Int) -> (operations: Int, checksum: Double) {
        typealias V = SIMD8<Double>
        var x0 = V(0, 1, 2, 3, 4, 5, 6, 7) + Double(worker), x1 = x0 + 0.25, x2 = x0 + 0.5, x3 = x0 + 0.75
        let step = V(repeating: 0.618_033_988_749_894_8)
        var t0 = V.zero, t1 = V.zero, t2 = V.zero, t3 = V.zero
        let steps = 256 * repetitions
        for _ in 0..<steps {
            let a = VectorSinCos.sinCos(x0), b = VectorSinCos.sinCos(x1)
            let c = VectorSinCos.sinCos(x2), d = VectorSinCos.sinCos(x3)
            t0 += a.sin + a.cos; t1 += b.sin + b.cos; t2 += c.sin + c.cos; t3 += d.sin + d.cos
            x0 += step; x1 += step; x2 += step; x3 += step
        }
        return (steps * 32, ((t0 + t1) + (t2 + t3)).sum())
    }

    /// ``RandomStream/fillNormals(_:count:)`` into a buffer of 256 that stays in cache.
    @inline(never)
    static func normals(_ worker: Int, _ repetitions: Int) -> (operations: Int, checksum: Double) {
        var rng = RandomStream(seed: 0x5EED, stream: UInt64(worker))
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: 256)
        defer { buffer.deallocate() }
        var total = 0.0
        for _ in 0..<(16 * repetitions) {
            rng.fillNormals(buffer, count: 256)
            total += buffer[255]
        }
        return (4096 * repetitions, total)
    }

    /// χ²₂ variates −2 ln(1 − U) from ``RandomStream/nextUniform()`` and ``VectorLog``, eight at a
    /// time, as conditional Monte Carlo draws them.
    @inline(never)
    static func chiSquares(_ worker: Int, _ repetitions: Int) -> (operations: Int, checksum: Double) {
        var rng = RandomStream(seed: 0x5EED, stream: UInt64(worker))
        var total = SIMD8<Double>.zero
        let count = 512 * repetitions
        for _ in 0..<count {
            var u = SIMD8<Double>.zero
            for lane in 0..<8 { u[lane] = rng.nextUniform() }
            total += -2 * VectorLog.log(1 - u)
        }
        return (8 * count, total.sum())
    }

    /// ``PairCounting``'s branch-free counting merge of two sorted runs of 2¹³ doubles each (in
    /// cache), elements written.
    @inline(never)
    static func mergedElements(_ worker: Int, _ repetitions: Int) -> (operations: Int, checksum: Double) {
        let n = 1 << 13
        var rng = RandomStream(seed: 0x3E55, stream: UInt64(worker))
        var source = (0..<(2 * n)).map { _ in rng.nextUniform() }
        source[0..<n].sort()
        source[n...].sort()
        var target = [Double](repeating: 0, count: 2 * n)
        var checksum = 0.0
        source.withUnsafeMutableBufferPointer { s in
            target.withUnsafeMutableBufferPointer { t in
                for _ in 0..<repetitions {
                    checksum += Double(PairCounting.mergePiece(s.baseAddress!, 0, n, 2 * n, from: 0, to: 2 * n, into: t.baseAddress!))
                }
            }
        }
        return (2 * n * repetitions, checksum)
    }
}
