import Foundation
import TestSupport

/// The reference values written by Fixtures/make_numerics_reference.py (mpmath, NumPy).
enum Reference {
    static let root = Fixture.load("numerics.json", from: .module)

    static func rows(_ key: String) -> [[Double]] { root[key].array.map(\.doubles) }
    static func table(_ key: String) -> [String: Double] { root[key].object.mapValues(\.double) }
    static func records(_ key: String) -> [Fixture] { root[key].array }
}
