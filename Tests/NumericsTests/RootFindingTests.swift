import Foundation
import Testing
@testable import Numerics
import TestSupport

@Suite("Brent root finding against mpmath")
struct RootFindingTests {
    @Test func knownRoots() throws {
        let roots = Reference.table("roots")
        let r1 = try RootFinding.brent(in: 0, 1) { cos($0) - $0 }
        #expect(isClose(r1.value, roots["cos_minus_x"]!, rel: 1e-15))
        let r2 = try RootFinding.brent(in: 2, 3) { $0 * $0 * $0 - 2 * $0 - 5 }
        #expect(isClose(r2.value, roots["cubic"]!, rel: 1e-15))
        let w = try RootFinding.brent(in: 0, 5) { $0 * exp($0) - 10 }
        #expect(isClose(w.value, roots["lambert_w_10"]!, rel: 1e-15))
        #expect(abs(w.value - roots["lambert_w_10"]!) <= w.error + 1e-15)
    }

    @Test func first_zero_of_Ci() throws {
        let zero = try RootFinding.brent(in: 0.3, 1.0) { try CosineIntegral.value($0).value }
        #expect(isClose(zero.value, Reference.root["ci_first_zero"].double, rel: 1e-14))
    }

    @Test func rootAtEndPoint() throws {
        #expect(try RootFinding.brent(in: 0, 2) { $0 }.value == 0)
    }

    @Test func badBracketsThrow() {
        #expect(throws: NumericsError.self) { try RootFinding.brent(in: 2, 3) { $0 * $0 + 1 } }
        #expect(throws: NumericsError.self) { try RootFinding.brent(in: 1, 1) { $0 } }
        #expect(throws: NumericsError.self) { try RootFinding.brent(in: -.infinity, 1) { $0 } }
        #expect(throws: NumericsError.self) { try RootFinding.brent(in: -1, 1) { $0 > 0.5 ? .nan : $0 - 0.9 } }
    }

    struct Marker: Error {}

    @Test func callbackErrorIsRethrown() {
        #expect(throws: Marker.self) {
            try RootFinding.brent(in: -1, 2) { x in if x > 0.2, x < 1.5 { throw Marker() }; return x - 1 }
        }
    }
}
