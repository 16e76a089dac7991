import Foundation

/// A config as read: its text parsed once, where it came from, and a display name.
public struct ConfigDocument: Sendable {
    /// Where a config came from.
    public enum Origin: Sendable, Equatable {
        /// A bundled example, by name.
        case bundled(String)
        /// A config.json on disk (given directly, or found in a directory).
        case file(path: String)
        /// A repository's config.json in the local Hugging Face cache.
        case huggingFaceCache(repository: String, path: String)
        /// The metadata of a GGUF file, mapped onto config.json keys (``GGUFConfig``).
        case gguf(path: String)
    }

    public let name: String
    public let origin: Origin
    /// The parsed JSON of the config (for a GGUF file, its metadata as config.json keys).
    public let root: JSONNode
    /// config.json key → where it was really read from (the GGUF key), for error messages.
    public let fieldSources: [String: String]
    /// What the source could not carry (a GGUF file's tensor-held factors).
    public let notes: [ConfigWarning]

    public init(name: String, origin: Origin, root: JSONNode, fieldSources: [String: String] = [:], notes: [ConfigWarning] = []) {
        self.name = name
        self.origin = origin
        self.root = root
        self.fieldSources = fieldSources
        self.notes = notes
    }

    /// The model the document describes; errors name the field as the source spells it.
    public func model() throws(ConfigError) -> ModelDescription {
        do {
            return try ModelReader.read(root, name: name)
        } catch {
            guard let source = fieldSources[error.field] else { throw error }
            throw ConfigError(source, error.problem)
        }
    }

    /// Whether the document is a GGUF file's metadata.
    public var isGGUF: Bool {
        if case .gguf = origin { return true }
        return false
    }

    /// The file the config was read from, if any.
    public var path: String? {
        switch origin {
        case .bundled: return nil
        case let .file(path), let .huggingFaceCache(_, path), let .gguf(path): return path
        }
    }
}

/// Where a config comes from: a `config.json` path, a directory holding one (a Hugging Face
/// snapshot), a `.gguf` file, the name of a bundled example (`llama-3.1-8b`), or a repository id
/// `org/name[@revision]` found in the local Hugging Face cache.
public enum ConfigSource {
    /// Names of the bundled examples, sorted.
    public static var bundledNames: [String] { BundledExamples.configs.keys.sorted() }

    /// The config text and a display name for `specifier` (JSON sources: files, directories,
    /// bundled examples, the Hugging Face cache).
    public static func load(_ specifier: String) throws(ConfigError) -> (name: String, text: String, origin: ConfigDocument.Origin) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: specifier, isDirectory: &isDirectory) {
            let url = URL(fileURLWithPath: specifier)
            let file = isDirectory.boolValue ? url.appendingPathComponent("config.json") : url
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw ConfigError("", "\(specifier) is a directory without a config.json")
            }
            let text = try readText(file.path)
            let stem = file.deletingPathExtension().lastPathComponent
            let name = stem == "config" ? file.deletingLastPathComponent().lastPathComponent : stem
            return (name, text, .file(path: file.path))
        }
        if let text = BundledExamples.configs[specifier] { return (specifier, text, .bundled(specifier)) }
        if HuggingFaceCache.isRepositoryID(specifier) {
            let path = try HuggingFaceCache.configPath(specifier)
            return (specifier, try readText(path), .huggingFaceCache(repository: specifier, path: path))
        }
        throw ConfigError("", "no file, directory, bundled example or repository id named '\(specifier)' (bundled: \(bundledNames.joined(separator: ", ")))")
    }

    /// Refuses a FIFO, a device or a socket before it is opened (``RegularFile``).
    static func refuseSpecialFile(_ path: String) throws(ConfigError) {
        if let reason = RegularFile.refusal(path) {
            throw ConfigError("", reason + "; a config is a config.json or .gguf file, or a directory holding config.json")
        }
    }

    private static func readText(_ path: String) throws(ConfigError) -> String {
        try refuseSpecialFile(path)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > JSONParser.maxBytes {
            throw ConfigError("", "\(path) is \(size) bytes; a config.json is at most \(JSONParser.maxBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigError("", "cannot read \(path)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ConfigError("", "\(path) is not UTF-8 text") }
        return text
    }

    /// Loads and parses a config (a GGUF file's metadata becomes its config.json keys).
    public static func document(_ specifier: String) throws(ConfigError) -> ConfigDocument {
        try refuseSpecialFile(specifier)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: specifier, isDirectory: &isDirectory), !isDirectory.boolValue, GGUFReader.looksLikeGGUF(specifier) {
            return try GGUFConfig.document(path: specifier)
        }
        let (name, text, origin) = try load(specifier)
        let root: JSONNode
        do { root = try JSONParser.parse(text) } catch { throw ConfigError("", error.description) }
        return ConfigDocument(name: name, origin: origin, root: root)
    }

    /// Loads and reads a model description.
    public static func model(_ specifier: String) throws(ConfigError) -> ModelDescription {
        try document(specifier).model()
    }
}
