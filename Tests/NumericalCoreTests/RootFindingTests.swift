import Foundation
import Testing
@testable import NumericalCore
import TestSupport

@Suite("Brent root finding against mpmath")
struct RootFindingTests {
    @Test func knownRoots() throws {
        let roots = Reference.table("roots")
        let r1 = try RootFinding.brent(in: 0, 1) { cos($0) - $0 }
        #expect(isClose(r1.value, roots["cos_minus_x"]!, .epsilons(5)))
        let r2 = try RootFinding.brent(in: 2, 3) { $0 * $0 * $0 - 2 * $0 - 5 }
        #expect(isClose(r2.value, roots["cubic"]!, .epsilons(5)))
        let w = try RootFinding.brent(in: 0, 5) { $0 * exp($0) - 10 }
        #expect(isClose(w.value, roots["lambert_w_10"]!, .epsilons(5)))
        #expect(errorEstimateCovers(value: w.value, error: w.error, reference: roots["lambert_w_10"]!))
    }

    @Test func first_zero_of_Ci() throws {
        let zero = try RootFinding.brent(in: 0.3, 1.0) { try CosineIntegral.value($0).value }
        #expect(isClose(zero.value, Reference.root["ci_first_zero"].double, .epsilons(45)))
    }

    @Test func rootAtEndPoint() throws {
        #expect(try RootFinding.brent(in: 0, 2) { $0 }.value == 0)
    }

    @Test func badBracketsThrow() {
        #expect(throws: NumericalError.self) { try RootFinding.brent(in: 2, 3) { $0 * $0 + 1 } }
        #expect(throws: NumericalError.self) { try RootFinding.brent(in: 1, 1) { $0 } }
        #expect(throws: NumericalError.self) { try RootFinding.brent(in: -.infinity, 1) { $0 } }
        #expect(throws: NumericalError.self) { try RootFinding.brent(in: -1, 1) { $0 > 0.5 ? .nan : $0 - 0.9 } }
    }

    struct Marker: Error {}

    @Test func callbackErrorIsRethrown() {
        #expect(throws: Marker.self) {
            try RootFinding.brent(in: -1, 2) { x in if x > 0.2, x < 1.5 { throw Marker() }; return x - 1 }
        }
    }
}
