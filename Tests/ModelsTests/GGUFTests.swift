import Foundation
import Testing
@testable import Models
import Rotary

/// GGUF files written by llama.cpp's own writer (the `gguf` package; make_gguf_files.py) against
/// the config.json they were converted from, and malformed files against the reader's errors.
@Suite("GGUF metadata")
struct GGUFTests {
    static let directory = Bundle.module.url(forResource: "gguf", withExtension: nil, subdirectory: "Fixtures")!

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// (GGUF file, its config): the bundled example, or the JSON beside the files.
    static let pairs: [(String, String)] = [
        ("llama-3-8b.gguf", "llama-3-8b"), ("mistral-7b-v0.3.gguf", "mistral-7b-v0.3"), ("qwen2.5-3b.gguf", "qwen2.5-3b"),
        ("qwen2.5-7b-instruct-yarn.gguf", "qwen2.5-7b-instruct-yarn"), ("qwen3-8b.gguf", "qwen3-8b"),
        ("qwen3-8b-big-endian.gguf", "qwen3-8b"), ("gemma-2-9b-it.gguf", "gemma-2-9b-it"), ("gemma-3-1b-it.gguf", "gemma-3-1b-it"),
        ("phi-3-mini-4k-instruct.gguf", path("phi-3-mini-4k-instruct.json")),
    ]

    @Test(arguments: pairs)
    func describesTheSameModelAsItsConfig(file: String, config: String) throws {
        let gguf = try ConfigSource.document(Self.path(file))
        #expect(gguf.isGGUF && gguf.notes.isEmpty, "\(file): \(gguf.notes)")
        let fromFile = try gguf.model(), fromConfig = try ConfigSource.model(config)
        #expect(fromFile.layers == fromConfig.layers, "\(file)")
        #expect(fromFile.advertisedContext == fromConfig.advertisedContext && fromFile.originalContext == fromConfig.originalContext)
    }

    @Test func tensorHeldFactorsAreNamedNotRead() throws {
        let gguf = try ConfigSource.document(Self.path("llama-3.1-8b.gguf"))
        #expect(gguf.notes.map(\.rule) == [.ggufTensorFactors] && gguf.notes[0].field == "tensor rope_freqs.weight")
        let model = try gguf.model()
        #expect(model.layers[0].attention?.rotary?.scaling == RopeScaling.none && model.advertisedContext == 131072)
        // …and a file without such a tensor draws no note (the pairs above).
        let exotic = try ConfigSource.document(Self.path("unknown-architecture.gguf"))
        #expect(exotic.notes.map(\.rule) == [.ggufArchitecture] && exotic.notes[0].field == "general.architecture")
        #expect(try exotic.model().layers == (try ConfigSource.model("llama-3-8b")).layers)
    }

    @Test func metadataValuesAndSkippedArrays() throws {
        let m = try GGUFMetadata.read(path: Self.path("qwen3-8b.gguf"))
        #expect(m.version == 3 && m.tensorCount == 1)
        #expect(m["qwen3.context_length"] == .unsigned(40960) && m["general.architecture"] == .string("qwen3"))
        guard case let .skippedArray(_, count)? = m["tokenizer.ggml.tokens"] else { Issue.record("tokens not skipped"); return }
        #expect(count == 3000)
        let big = try GGUFMetadata.read(path: Self.path("qwen3-8b-big-endian.gguf"))
        #expect(big.entries.map(\.key) == m.entries.map(\.key) && big["qwen3.rope.freq_base"] == m["qwen3.rope.freq_base"])
    }

    @Test(arguments: [
        ("bad-magic.gguf", "offset 0: not a GGUF file"),
        ("truncated-header.gguf", "offset 8: the file ends after 10 bytes"),
        ("version-1.gguf", "offset 4: GGUF version 1 is not supported"),
        ("version-7.gguf", "offset 4: unknown GGUF version 7"),
        ("huge-tensor-count.gguf", "offset 8: tensor count 1152921504606846976 cannot fit"),
        ("huge-kv-count.gguf", "offset 16: key-value count"),
        ("string-past-end.gguf", "offset 24: the key claims 1099511627776 bytes, past the end of the file"),
        ("value-string-past-end.gguf", "past the end of the file"),
        ("unknown-value-type.gguf", "unknown value type 99"),
        ("nested-array.gguf", "nests arrays"),
        ("huge-array.gguf", "claims 1125899906842624 elements"),
        ("duplicate-key.gguf", "duplicate key 'general.architecture'"),
        ("bool-two.gguf", "a boolean must be 0 or 1, found 2"),
        ("no-architecture.gguf", "is required"),
    ])
    func malformedFilesNameTheOffset(file: String, message: String) {
        do {
            _ = try ConfigSource.document(Self.path(file)).model()
            Issue.record("\(file) was read")
        } catch {
            #expect(error.description.contains(message), "\(file): \(error)")
        }
    }

    /// Every truncation of a real file is an error naming an offset, never a trap or a hang; so
    /// is every single-byte corruption of its header and first pairs.
    @Test func truncatedAndCorruptedFilesFailCleanly() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path("qwen3-8b.gguf"))))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-\(UUID().uuidString).gguf")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var variants: [[UInt8]] = stride(from: 0, to: 2000, by: 7).map { Array(original.prefix($0)) }
        for i in stride(from: 0, to: 400, by: 3) {
            var corrupted = original
            corrupted[i] ^= 0xFF
            variants.append(corrupted)
        }
        for bytes in variants {
            try Data(bytes).write(to: scratch)
            do { _ = try ConfigSource.document(scratch.path).model() } catch {
                #expect(error.description.contains("offset") || !error.field.isEmpty || error.description.contains("required"), "\(error)")
            }
        }
    }
}
