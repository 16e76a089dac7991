import Foundation
import Testing
import TestSupport
@testable import Models
@testable import NumericalCore

@Suite("Malformed configs: a named error, never a crash")
struct MalformedConfigTests {
    @Test func thereAreAtLeastThirtyCases() {
        #expect(MalformedConfigs.cases.count >= 30)
    }

    @Test(arguments: MalformedConfigs.cases.map(\.name))
    func eachFailsNamingTheField(name: String) {
        let c = MalformedConfigs.cases.first { $0.name == name }!
        do {
            let m = try ModelReader.read(text: c.text, name: "bad")
            Issue.record("\(name): read without error: \(m.layerCount) layers")
        } catch {
            #expect(error.field == c.field, "\(name): \(error)")
            #expect(!error.problem.isEmpty)
        }
    }

    /// Bounded fuzzing: 4000 byte-level mutations (replace, insert, delete, duplicate a span) of
    /// real configs, seeded, so failures reproduce. Reading must return or throw, never trap.
    @Test func byteMutationsNeverTrap() {
        var rng = RandomStream(seed: 7, stream: 1)
        let corpus = ConfigSource.bundledNames.map { Array(try! ConfigSource.load($0).text.utf8) }
        let alphabet = Array("{}[]\":,.-+eE0123456789 \\ntruefalsenullNaNInfinity".utf8)
        var parsed = 0, rejected = 0
        for _ in 0..<4000 {
            var bytes = corpus[Int(rng.nextUInt64() % UInt64(corpus.count))]
            for _ in 0..<(1 + Int(rng.nextUInt64() % 4)) {
                let i = Int(rng.nextUInt64() % UInt64(bytes.count))
                switch rng.nextUInt64() % 4 {
                case 0: bytes[i] = alphabet[Int(rng.nextUInt64() % UInt64(alphabet.count))]
                case 1: bytes.insert(alphabet[Int(rng.nextUInt64() % UInt64(alphabet.count))], at: i)
                case 2: bytes.remove(at: i)
                default:
                    let end = min(bytes.count, i + Int(rng.nextUInt64() % 64))
                    bytes.insert(contentsOf: bytes[i..<end], at: i)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            do {
                _ = try ModelReader.read(text: String(decoding: bytes, as: UTF8.self), name: "fuzz")
                parsed += 1
            } catch {
                rejected += 1
            }
        }
        #expect(parsed > 0 && rejected > 0)
    }

    @Test func hugeAndDeepInputsAreRefusedQuickly() throws {
        let deep = String(repeating: "{\"a\":", count: 200_000) + "1" + String(repeating: "}", count: 200_000)
        #expect(throws: ConfigError.self) { try ModelReader.read(text: deep, name: "deep") }
        let huge = "{\"x\": \"" + String(repeating: "a", count: JSONParser.maxBytes) + "\"}"
        #expect(throws: ConfigError.self) { try ModelReader.read(text: huge, name: "huge") }
        // A long but legal list is read (and rejected for its length by the rope reader).
        let long = "{\"hidden_size\": 4096, \"num_attention_heads\": 32, \"num_hidden_layers\": 2, \"rope_scaling\": {\"type\": \"longrope\", \"short_factor\": [" +
            Array(repeating: "1.0", count: 1_000_000).joined(separator: ",") + "], \"long_factor\": [1]}}"
        #expect(throws: ConfigError.self) { try ModelReader.read(text: long, name: "long") }
    }
}
