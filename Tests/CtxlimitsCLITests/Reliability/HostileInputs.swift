import Foundation

/// The generator of the hostile-input corpus: malformed GGUF files (sparse ones included), broken
/// Hugging Face cache layouts, hostile measurement CSVs, special files and a seeded mutation of
/// the bundled configs. Everything is written into a fresh directory per test; nothing is
/// committed but this generator.
enum HostileInputs {
    // MARK: GGUF (layout of ggml's docs/gguf.md: magic, version, tensor count, kv count, pairs)

    static func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func string(_ s: String) -> [UInt8] { u64(UInt64(s.utf8.count)) + Array(s.utf8) }
    static func header(tensors: UInt64, pairs: UInt64, version: UInt32 = 3) -> [UInt8] {
        Array("GGUF".utf8) + u32(version) + u64(tensors) + u64(pairs)
    }
    static func kvString(_ key: String, _ value: String) -> [UInt8] { string(key) + u32(8) + string(value) }
    static func kvU32(_ key: String, _ value: UInt32) -> [UInt8] { string(key) + u32(4) + u32(value) }
    static func kvF32(_ key: String, _ value: Float) -> [UInt8] { string(key) + u32(6) + u32(value.bitPattern) }

    /// The metadata of a small llama: what the reader needs for a spectrum.
    static let llamaPairs: [[UInt8]] = [
        kvString("general.architecture", "llama"), kvU32("llama.context_length", 8192), kvF32("llama.rope.freq_base", 500_000),
        kvU32("llama.embedding_length", 4096), kvU32("llama.attention.head_count", 32), kvU32("llama.block_count", 32),
    ]
    static var validLlama: [UInt8] { header(tensors: 0, pairs: UInt64(llamaPairs.count)) + llamaPairs.joined() }

    /// Each case: a file name, its bytes, and the size to extend it to (a sparse tail of zeros).
    static func ggufCases() -> [(name: String, bytes: [UInt8], sparseSize: UInt64?)] {
        let pairs = llamaPairs.joined()
        func with(_ extra: [UInt8], tensors: UInt64 = 0, sparse: UInt64? = nil) -> [UInt8] {
            header(tensors: tensors, pairs: UInt64(llamaPairs.count + 1)) + pairs + extra
        }
        let huge: UInt64 = 1 << 36
        var cases: [(String, [UInt8], UInt64?)] = [
            ("string-claims-2^36.gguf", with(string("x.big") + u32(8) + u64(huge)), huge + 4096),
            ("uint8-array-2^36.gguf", with(string("x.big") + u32(9) + u32(0) + u64(huge)), huge + 4096),
            ("string-array-2^33.gguf", with(string("x.big") + u32(9) + u32(8) + u64(1 << 33)), huge + 4096),
            ("tensors-2^30.gguf", header(tensors: 1 << 30, pairs: UInt64(llamaPairs.count)) + pairs, huge + 4096),
            ("pairs-2^32.gguf", header(tensors: 0, pairs: 1 << 32), huge + 4096),
            ("scaling-type-integer.gguf", with(kvU32("llama.rope.scaling.type", 2)), nil),
            ("scaling-type-unknown.gguf", with(kvString("llama.rope.scaling.type", "warp")), nil),
            ("bad-magic.gguf", Array("GGUX".utf8) + Array(validLlama.dropFirst(4)), nil),
            ("version-1.gguf", header(tensors: 0, pairs: 0, version: 1), nil),
            ("version-99.gguf", header(tensors: 0, pairs: 0, version: 99), nil),
            ("nested-array.gguf", with(string("x.n") + u32(9) + u32(9) + u64(1)), nil),
            ("bad-bool.gguf", with(string("x.b") + u32(7) + [7]), nil),
            ("not-utf8.gguf", with(string("x.s") + u32(8) + u64(2) + [0xC3, 0x28]), nil),
            ("unknown-type.gguf", with(string("x.t") + u32(77) + u32(0)), nil),
            ("duplicate-key.gguf", header(tensors: 0, pairs: 2) + kvString("general.architecture", "llama") + kvString("general.architecture", "llama"), nil),
            ("no-architecture.gguf", header(tensors: 0, pairs: 1) + kvU32("llama.block_count", 2), nil),
            ("negative-heads.gguf", header(tensors: 0, pairs: UInt64(llamaPairs.count)) + llamaPairs.dropLast(2).joined()
                + string("llama.attention.head_count") + u32(5) + u32(UInt32(bitPattern: -4)) + kvU32("llama.block_count", 32), nil),
            ("head-count-string.gguf", header(tensors: 0, pairs: UInt64(llamaPairs.count)) + llamaPairs.dropLast(2).joined()
                + kvString("llama.attention.head_count", "32") + kvU32("llama.block_count", 32), nil),
            ("empty.gguf", [], nil),
        ]
        // Every truncation of a valid file, at each field boundary and a few bytes past it.
        let valid = validLlama
        for cut in stride(from: 1, to: valid.count, by: 7) { cases.append(("truncated-\(cut).gguf", Array(valid.prefix(cut)), nil)) }
        return cases
    }

    static func writeGGUF(into directory: URL) throws -> [String] {
        try ggufCases().map { c in
            let path = directory.appendingPathComponent(c.name).path
            _ = FileManager.default.createFile(atPath: path, contents: Data(c.bytes))
            if let size = c.sparseSize {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try handle.truncate(atOffset: size)
                try handle.close()
            }
            return c.name
        }
    }

    // MARK: Hugging Face cache layouts (huggingface_hub file_download.py: models--org--name/{refs,snapshots,blobs})

    /// Broken layouts, each a repository id under the returned cache root.
    static func writeCache(into root: URL, config: String) throws -> [String] {
        let fm = FileManager.default
        var ids: [String] = []
        func repo(_ name: String) throws -> URL {
            let dir = root.appendingPathComponent("models--org--\(name)")
            try fm.createDirectory(at: dir.appendingPathComponent("refs"), withIntermediateDirectories: true)
            try fm.createDirectory(at: dir.appendingPathComponent("snapshots"), withIntermediateDirectories: true)
            try fm.createDirectory(at: dir.appendingPathComponent("blobs"), withIntermediateDirectories: true)
            ids.append("org/\(name)")
            return dir
        }
        let commit = String(repeating: "ab", count: 20)
        func snapshot(_ dir: URL) throws -> URL {
            try commit.write(to: dir.appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
            let s = dir.appendingPathComponent("snapshots/\(commit)")
            try fm.createDirectory(at: s, withIntermediateDirectories: true)
            return s
        }
        _ = try repo("no-ref")
        try "not a hash\n".write(to: try repo("garbage-ref").appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        try String(repeating: "x", count: 4096).write(to: try repo("long-ref").appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        let missing = try repo("missing-snapshot")
        try commit.write(to: missing.appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        _ = try snapshot(try repo("no-config"))
        let broken = try snapshot(try repo("broken-link"))
        try fm.createSymbolicLink(atPath: broken.appendingPathComponent("config.json").path, withDestinationPath: "../../blobs/missing")
        let loop = try snapshot(try repo("link-loop"))
        try fm.createSymbolicLink(atPath: loop.appendingPathComponent("config.json").path, withDestinationPath: "config.json")
        let fifo = try snapshot(try repo("config-fifo"))
        mkfifo(fifo.appendingPathComponent("config.json").path, 0o644)
        let fifoRef = try repo("ref-fifo")
        mkfifo(fifoRef.appendingPathComponent("refs/main").path, 0o644)
        let dirConfig = try snapshot(try repo("config-directory"))
        try fm.createDirectory(at: dirConfig.appendingPathComponent("config.json"), withIntermediateDirectories: true)
        let bad = try snapshot(try repo("invalid-json"))
        try "{\"model_type\": ".write(to: bad.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let good = try snapshot(try repo("good"))
        try config.write(to: good.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        return ids
    }

    // MARK: measurement CSVs (the columns of Examples/measurements/ruler.csv)

    static let csvHeader = "model,config,measured_length,claimed_length,source,note"

    static func csvCases(fifo: String) -> [(name: String, text: String)] {
        let row = "a,llama-3.1-8b,32768,131072,s,n"
        return [
            ("cr-only.csv", [csvHeader, row, "b,llama-3-8b,4096,8192,s,n"].joined(separator: "\r") + "\r"),
            ("crlf.csv", [csvHeader, row].joined(separator: "\r\n") + "\r\n"),
            ("bom.csv", "\u{FEFF}" + [csvHeader, row].joined(separator: "\n")),
            ("empty.csv", ""),
            ("header-only.csv", csvHeader + "\n"),
            ("missing-column.csv", "model,config\na,llama-3.1-8b\n"),
            ("duplicate-column.csv", csvHeader + ",model\n" + row + ",x\n"),
            ("unclosed-quote.csv", csvHeader + "\n\"a,llama-3.1-8b,1,1,s,n\n"),
            ("quote-inside.csv", csvHeader + "\na\"b,llama-3.1-8b,1,1,s,n\n"),
            ("negative-length.csv", csvHeader + "\na,llama-3.1-8b,-5,131072,s,n\n"),
            ("huge-length.csv", csvHeader + "\na,llama-3.1-8b,1e308,131072,s,n\n"),
            ("nan-length.csv", csvHeader + "\na,llama-3.1-8b,nan,131072,s,n\n"),
            ("text-length.csv", csvHeader + "\na,llama-3.1-8b,lots,131072,s,n\n"),
            ("unknown-config.csv", csvHeader + "\na,no-such-model,4096,8192,s,n\n"),
            ("fifo-config.csv", csvHeader + "\na,\(fifo),4096,8192,s,n\n"),
            ("device-config.csv", csvHeader + "\na,/dev/null,4096,8192,s,n\n"),
            ("too-many-fields.csv", csvHeader + "\n" + row + ",extra,more\n"),
            ("binary.csv", String(decoding: (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37) }, as: UTF8.self)),
        ]
    }

    // MARK: seeded mutation of the bundled configs

    /// SplitMix64 (Steele, Lea & Flood 2014): a reproducible stream for the mutations.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Values that break sizes, types and ranges.
    static var hostileValues: [Any] { [0, -1, 1e308, -1e308, 9_007_199_254_740_993.0, 9.3e18, 1e-300, 0.5, "x", NSNull(), [Any](), [String: Any](),
                                       true, 4_294_967_296, 1 << 40, "1e308"] }

    /// `count` mutations of `text` (a config.json): one key's value replaced by a hostile value,
    /// removed, or (inside rope_scaling) given another rope type.
    static func mutations(of text: String, count: Int, generator: inout Seeded) -> [String] {
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [] }
        var out: [String] = []
        for _ in 0..<count {
            var object = root
            let keys = object.keys.sorted()
            let key = keys[Int.random(in: 0..<keys.count, using: &generator)]
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: object.removeValue(forKey: key)
            case 1:
                var scaling = (object["rope_scaling"] as? [String: Any]) ?? [:]
                scaling["rope_type"] = ["yarn", "llama3", "dynamic", "linear", "longrope", "warp", 3].randomElement(using: &generator)!
                scaling["factor"] = hostileValues.randomElement(using: &generator)!
                object["rope_scaling"] = scaling
            default:
                if var nested = object[key] as? [String: Any], let inner = nested.keys.sorted().randomElement(using: &generator) {
                    nested[inner] = hostileValues.randomElement(using: &generator)!
                    object[key] = nested
                } else {
                    object[key] = hostileValues.randomElement(using: &generator)!
                }
            }
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                out.append(String(decoding: data, as: UTF8.self))
            }
        }
        return out
    }
}
