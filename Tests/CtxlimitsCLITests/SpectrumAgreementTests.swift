import Foundation
import Testing
import TestSupport
@testable import CtxlimitsCLI
import ContextLimits

/// Every command that analyses a spectrum takes it from the one model input at the same context:
/// for each bundled config whose scaling depends on the sequence length (dynamic NTK, longrope),
/// `spectrum`, `bounds`, `check`, `kernel` and `erasure` report the same slowest frequency, and
/// `kernel` and `check` the same kernel minimum, at contexts on both sides of the switch.
@Suite("Commands agree on the spectrum at a context")
struct SpectrumAgreementTests {
    /// The bundled configs with a length-dependent scaling, and the length where it switches
    /// (L₀ for longrope, max_position_embeddings for dynamic).
    static let lengthDependent: [(String, Int)] = ConfigSource.bundledNames.compactMap { name in
        guard let model = try? ConfigSource.model(name),
              let rotary = model.layers.lazy.compactMap({ $0.attention?.rotary }).first else { return nil }
        switch rotary.scaling {
        case let .longrope(p): return (name, p.originalMaxPositionEmbeddings)
        case .dynamic: return (name, rotary.maxPositionEmbeddings!)
        default: return nil
        }
    }

    @Test func everyLengthDependentConfigIsCovered() {
        #expect(Set(Self.lengthDependent.map(\.0)) == ["internlm2.5-7b", "internlm2.5-7b-chat-1m", "phi-3-mini-128k-instruct",
                                                      "phi-3.5-mini-instruct", "phi-4-mini-instruct"])
    }

    func json(_ arguments: [String]) throws -> Fixture {
        let r = runTool(arguments + ["--format", "json"])
        #expect(r.code == 0 || r.code == 3, "\(arguments): \(r.err)")
        return try decodeJSON(r.out)
    }

    @Test(arguments: lengthDependent)
    func commandsAgree(name: String, switchLength: Int) throws {
        var seen: [Double] = []
        for L in [switchLength, switchLength + 1, 2 * switchLength] {
            let context = ["--context", String(L)]
            let spectrum = try json(["spectrum", name] + context)
            let bounds = try json(["bounds", name] + context)
            let check = try json(["check", name] + context)
            let kernel = try json(["kernel", name] + context)
            let erasure = try json(["erasure", name] + context)
            let reference = spectrum["groups"].array.map { $0["min_inv_freq"].double }
            #expect(bounds["groups"].array.map { $0["min_inv_freq"].double } == reference, "\(name) at \(L): bounds")
            #expect(check["groups"].array.map { $0["min_inv_freq"].double } == reference, "\(name) at \(L): check")
            #expect(kernel["groups"].array.map { $0["min_inv_freq"].double } == reference, "\(name) at \(L): kernel")
            #expect(reference.contains(erasure["min_inv_freq"].double), "\(name) at \(L): erasure")
            #expect(kernel["groups"].array.map { $0["min_kernel"].double } == check["groups"].array.map { $0["bounds"]["kernel"]["min_kernel"].double },
                    "\(name) at \(L): kernel minimum")
            seen.append(reference[0])
        }
        // The scaling does depend on the context here: the spectrum changes across the switch.
        #expect(Set(seen).count > 1, "\(name): \(seen)")
    }
}
