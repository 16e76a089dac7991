import Foundation

/// A malformed GGUF file: the byte offset where reading failed and why.
public struct GGUFError: Error, CustomStringConvertible, Sendable, Equatable {
    public let offset: Int
    public let problem: String

    public init(offset: Int, _ problem: String) {
        self.offset = offset
        self.problem = problem
    }

    public var description: String { "offset \(offset): \(problem)" }
}

/// One metadata value of a GGUF file.
public enum GGUFValue: Sendable, Equatable {
    case unsigned(UInt64)
    case signed(Int64)
    case float(Double)
    case bool(Bool)
    case string(String)
    /// A numeric or boolean array (per-layer values).
    case array([GGUFValue])
    /// An array that is read past, not kept (strings, such as the tokenizer's vocabulary).
    case skippedArray(elementType: UInt32, count: Int)
    /// A string longer than ``GGUFMetadata/maxKeptString`` bytes, read past, not kept.
    case skippedString(length: Int)

    /// The GGUF type name of the value, for messages.
    public var typeName: String {
        switch self {
        case .unsigned: return "an unsigned integer"
        case .signed: return "a signed integer"
        case .float: return "a float"
        case .bool: return "a boolean"
        case .string, .skippedString: return "a string"
        case .array, .skippedArray: return "an array"
        }
    }

    /// The value as an integer, when it is one (or a whole float).
    public var integer: Int? {
        switch self {
        case let .unsigned(u): return u <= UInt64(Int.max) ? Int(u) : nil
        case let .signed(i): return Int(i)
        case let .float(x): return x == x.rounded() && abs(x) < 9e15 ? Int(x) : nil
        default: return nil
        }
    }

    public var number: Double? {
        switch self {
        case let .unsigned(u): return Double(u)
        case let .signed(i): return Double(i)
        case let .float(x): return x
        default: return nil
        }
    }
}

/// The header and metadata of a GGUF file (versions 2 and 3), read without ever reading the
/// tensors: the format of ggml's `docs/gguf.md` as gguf-py 0.19 writes it (`gguf_writer.py`) and
/// llama.cpp's `ggml/src/gguf.cpp` reads it.
///
/// Layout: magic "GGUF", uint32 version, uint64 tensor count, uint64 key-value count, then the
/// key-value pairs (gguf string key, uint32 value type, value); strings are a uint64 length and
/// UTF-8 bytes; arrays a uint32 element type, a uint64 count and the elements. Little-endian, or
/// big-endian when the version reads byte-swapped (v3). Every length and count is checked against
/// the bytes left in the file before anything is allocated, so a malformed file costs at most one
/// pass over its metadata.
public struct GGUFMetadata: Sendable {
    public let version: Int
    public let tensorCount: Int
    /// The key-value pairs, in file order.
    public let entries: [(key: String, value: GGUFValue)]
    /// The names of the tensors whose name starts with "rope" (their infos are read, their data never).
    public let ropeTensors: [String]
    /// The byte offset of each key's value type, for messages.
    public let offsets: [String: Int]

    public subscript(key: String) -> GGUFValue? { entries.first { $0.key == key }?.value }

    /// Reads the metadata of the file at `path`.
    ///
    /// - Complexity: O(size of the metadata); the tensor data is never read.
    public static func read(path: String) throws(GGUFError) -> GGUFMetadata {
        var reader = try GGUFByteReader(path: path)
        return try read(&reader)
    }

    /// Arrays of at most this many numbers are kept (per-layer values); longer ones are skipped.
    static let maxKeptArray = 1 << 20
    /// Strings of at most this many bytes are kept (chat templates are tens of kilobytes); longer
    /// ones are skipped without being read.
    static let maxKeptString = 1 << 20
    /// The work budget of one file: key-value pairs, string-array elements and tensor infos
    /// read one by one, together at most 2^25. Real files hold under 2^21 (a 262 144-token
    /// vocabulary with its merges and scores, a few thousand tensors); a claim above the budget is
    /// refused before its loop starts, so a sparse or forged file cannot make the reader run for
    /// hours on lengths that each fit in the file.
    static let maxItems = 1 << 25

    static func read(_ r: inout GGUFByteReader) throws(GGUFError) -> GGUFMetadata {
        let magic = try r.bytes(4)
        guard magic == Array("GGUF".utf8) else {
            throw GGUFError(offset: 0, "not a GGUF file (magic \(magic.map { String(format: "%02x", $0) }.joined(separator: " ")), expected 47 47 55 46)")
        }
        var version = try r.u32()
        if version & 0xFFFF == 0, version != 0 {           // written big-endian (gguf.cpp, gguf_reader.py:143-147)
            r.bigEndian = true
            version = version.byteSwapped
        }
        guard version == 2 || version == 3 else {
            throw GGUFError(offset: 4, version == 1 ? "GGUF version 1 is not supported (lengths were 32-bit; llama.cpp refuses it too)"
                                                   : "unknown GGUF version \(version) (known: 2, 3)")
        }
        let tensorCountOffset = r.offset
        let tensorCount = try r.u64()
        let kvOffset = r.offset
        let kvCount = try r.u64()
        // A tensor info takes at least 8 (name length) + 4 (dims) + 8 (one dim) + 4 (type) + 8 (offset) bytes.
        guard tensorCount <= UInt64(r.remaining / 32) else {
            throw GGUFError(offset: tensorCountOffset, "tensor count \(tensorCount) cannot fit in the \(r.remaining) bytes left in the file")
        }
        // A key-value pair takes at least 8 (key length) + 1 (key) + 4 (type) + 1 (value) bytes.
        guard kvCount <= UInt64(r.remaining / 14) else {
            throw GGUFError(offset: kvOffset, "key-value count \(kvCount) cannot fit in the \(r.remaining) bytes left in the file")
        }
        var budget = WorkBudget(limit: maxItems)
        try budget.spend(Int(kvCount), at: kvOffset, "the key-value count")
        try budget.spend(Int(tensorCount), at: tensorCountOffset, "the tensor count")
        var entries: [(key: String, value: GGUFValue)] = []
        var offsets: [String: Int] = [:]
        var seen = Set<String>()
        for _ in 0..<Int(kvCount) {
            let keyOffset = r.offset
            let key = try r.string(maxLength: 65535, what: "key")
            guard seen.insert(key).inserted else { throw GGUFError(offset: keyOffset, "duplicate key '\(key)'") }
            let typeOffset = r.offset
            let type = try r.u32()
            entries.append((key, try value(type, at: typeOffset, &r, key: key, budget: &budget)))
            offsets[key] = typeOffset
        }
        // Tensor infos: name, dims, type, offset (gguf_writer.py:262-271); only the names are kept.
        var ropeTensors: [String] = []
        for _ in 0..<Int(tensorCount) {
            let name = try r.string(maxLength: 1 << 16, what: "tensor name")
            let dimsOffset = r.offset
            let dims = try r.u32()
            guard dims <= 8 else { throw GGUFError(offset: dimsOffset, "tensor '\(name)' has \(dims) dimensions (ggml allows 4)") }
            try r.skip(8 * Int(dims) + 4 + 8)
            if name.hasPrefix("rope") { ropeTensors.append(name) }
        }
        return GGUFMetadata(version: Int(version), tensorCount: Int(tensorCount), entries: entries, ropeTensors: ropeTensors, offsets: offsets)
    }

    /// Items read one by one so far, against ``maxItems``.
    struct WorkBudget {
        let limit: Int
        var spent = 0

        mutating func spend(_ n: Int, at offset: Int, _ what: String) throws(GGUFError) {
            guard n <= limit - spent else {
                throw GGUFError(offset: offset, "\(what) claims \(n) items; with the \(spent) read before, that is more than the "
                                + "\(limit) (2^25) this reader reads from one file (real files hold under 2^21)")
            }
            spent += n
        }
    }

    /// Value types (gguf constants.py:4157-4170).
    enum ValueType: UInt32 {
        case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64

        var size: Int? {
            switch self {
            case .uint8, .int8, .bool: return 1
            case .uint16, .int16: return 2
            case .uint32, .int32, .float32: return 4
            case .uint64, .int64, .float64: return 8
            case .string, .array: return nil
            }
        }
    }

    static func value(_ code: UInt32, at offset: Int, _ r: inout GGUFByteReader, key: String, budget: inout WorkBudget) throws(GGUFError) -> GGUFValue {
        guard let type = ValueType(rawValue: code) else {
            throw GGUFError(offset: offset, "'\(key)' has unknown value type \(code) (known: 0 … 12)")
        }
        switch type {
        case .string:
            let at = r.offset
            let length = try r.u64()
            guard length <= UInt64(r.remaining) else {
                throw GGUFError(offset: at, "the string value of '\(key)' claims \(length) bytes, past the end of the file (\(r.remaining) left)")
            }
            guard length <= UInt64(maxKeptString) else {
                try r.skip(Int(length))
                return .skippedString(length: Int(length))
            }
            let raw = try r.bytes(Int(length))
            guard let s = String(validating: raw, as: UTF8.self) else { throw GGUFError(offset: at + 8, "the string value of '\(key)' is not UTF-8") }
            return .string(s)
        case .array:
            let elementOffset = r.offset
            let elementCode = try r.u32()
            guard let element = ValueType(rawValue: elementCode) else {
                throw GGUFError(offset: elementOffset, "array '\(key)' has unknown element type \(elementCode)")
            }
            guard element != .array else { throw GGUFError(offset: elementOffset, "array '\(key)' nests arrays, which llama.cpp does not read") }
            let countOffset = r.offset
            let count = try r.u64()
            let minimum = element.size ?? 8
            guard count <= UInt64(r.remaining / minimum) else {
                throw GGUFError(offset: countOffset, "array '\(key)' claims \(count) elements, more than the \(r.remaining) bytes left can hold")
            }
            let n = Int(count)
            if let size = element.size, n > maxKeptArray {
                try r.skip(n * size)                               // n·size ≤ remaining: checked above
                return .skippedArray(elementType: elementCode, count: n)
            }
            try budget.spend(n, at: countOffset, "array '\(key)'")
            if element == .string {
                for _ in 0..<n { try r.skipString(what: "element of '\(key)'") }
                return .skippedArray(elementType: elementCode, count: n)
            }
            var items: [GGUFValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try scalar(element, &r)) }
            return .array(items)
        default:
            return try scalar(type, &r)
        }
    }

    static func scalar(_ type: ValueType, _ r: inout GGUFByteReader) throws(GGUFError) -> GGUFValue {
        switch type {
        case .uint8: return .unsigned(UInt64(try r.bytes(1)[0]))
        case .int8: return .signed(Int64(Int8(bitPattern: try r.bytes(1)[0])))
        case .uint16: return .unsigned(UInt64(try r.u16()))
        case .int16: return .signed(Int64(Int16(bitPattern: try r.u16())))
        case .uint32: return .unsigned(UInt64(try r.u32()))
        case .int32: return .signed(Int64(Int32(bitPattern: try r.u32())))
        case .float32: return .float(Double(Float(bitPattern: try r.u32())))
        case .bool:
            let offset = r.offset
            let b = try r.bytes(1)[0]
            guard b <= 1 else { throw GGUFError(offset: offset, "a boolean must be 0 or 1, found \(b)") }
            return .bool(b == 1)
        case .uint64: return .unsigned(try r.u64())
        case .int64: return .signed(Int64(bitPattern: try r.u64()))
        case .float64: return .float(Double(bitPattern: try r.u64()))
        case .string, .array: preconditionFailure("not a scalar")
        }
    }
}

/// Sequential reads of a file in bounded chunks, every read checked against the file's size.
struct GGUFByteReader {
    private let handle: FileHandle
    let size: Int
    private(set) var offset = 0
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    var bigEndian = false

    static let chunk = 1 << 20

    init(path: String) throws(GGUFError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw GGUFError(offset: 0, "cannot open \(path)") }
        self.handle = handle
        let end = (try? handle.seekToEnd()) ?? 0
        size = Int(end)
        try? handle.seek(toOffset: 0)
    }

    var remaining: Int { size - offset }

    mutating func bytes(_ n: Int) throws(GGUFError) -> [UInt8] {
        guard n >= 0, n <= remaining else {
            throw GGUFError(offset: offset, "the file ends after \(size) bytes; \(n) more were needed (truncated?)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(n)
        while out.count < n {
            let inBuffer = offset - bufferStart
            if inBuffer >= buffer.count {
                try? handle.seek(toOffset: UInt64(offset))
                buffer = [UInt8](handle.readData(ofLength: max(Self.chunk, min(n - out.count, Self.chunk * 16))))
                bufferStart = offset
                guard !buffer.isEmpty else { throw GGUFError(offset: offset, "the file could not be read past this point") }
                continue
            }
            let take = min(n - out.count, buffer.count - inBuffer)
            out += buffer[inBuffer..<(inBuffer + take)]
            offset += take
        }
        return out
    }

    mutating func skip(_ n: Int) throws(GGUFError) {
        guard n >= 0, n <= remaining else { throw GGUFError(offset: offset, "the file ends after \(size) bytes; \(n) more were needed (truncated?)") }
        offset += n
    }

    private mutating func integer(_ width: Int) throws(GGUFError) -> UInt64 {
        let b = try bytes(width)
        var v: UInt64 = 0
        for i in 0..<width { v |= UInt64(b[bigEndian ? width - 1 - i : i]) << (8 * UInt64(i)) }
        return v
    }

    mutating func u16() throws(GGUFError) -> UInt16 { UInt16(try integer(2)) }
    mutating func u32() throws(GGUFError) -> UInt32 { UInt32(try integer(4)) }
    mutating func u64() throws(GGUFError) -> UInt64 { try integer(8) }

    mutating func string(maxLength: Int, what: String) throws(GGUFError) -> String {
        let at = offset
        let length = try u64()
        guard length <= UInt64(remaining) else {
            throw GGUFError(offset: at, "the \(what) claims \(length) bytes, past the end of the file (\(remaining) left)")
        }
        guard length <= UInt64(maxLength) else { throw GGUFError(offset: at, "the \(what) is \(length) bytes, more than \(maxLength)") }
        let raw = try bytes(Int(length))
        guard let s = String(validating: raw, as: UTF8.self) else { throw GGUFError(offset: at + 8, "the \(what) is not UTF-8") }
        return s
    }

    mutating func skipString(what: String) throws(GGUFError) {
        let at = offset
        let length = try u64()
        guard length <= UInt64(remaining) else {
            throw GGUFError(offset: at, "the \(what) claims \(length) bytes, past the end of the file (\(remaining) left)")
        }
        try skip(Int(length))
    }
}

/// Whether a file starts with the GGUF magic (or is named `.gguf`).
public enum GGUFReader {
    public static func looksLikeGGUF(_ path: String) -> Bool {
        if path.lowercased().hasSuffix(".gguf") { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return handle.readData(ofLength: 4) == Data("GGUF".utf8)
    }
}
