import Foundation

/// A config as read: its text parsed once, where it came from, and a display name.
public struct ConfigDocument: Sendable {
    /// Where a config came from.
    public enum Origin: Sendable, Equatable {
        /// A bundled example, by name.
        case bundled(String)
        /// A config.json on disk (given directly, or found in a directory).
        case file(path: String)
    }

    public let name: String
    public let origin: Origin
    /// The parsed JSON of the config.
    public let root: JSONNode

    public init(name: String, origin: Origin, root: JSONNode) {
        self.name = name
        self.origin = origin
        self.root = root
    }

    /// The file the config was read from, if any.
    public var path: String? {
        if case let .file(path) = origin { return path }
        return nil
    }
}

/// Where a config comes from: a `config.json` path, a directory holding one (a Hugging Face
/// snapshot), or the name of a bundled example (`llama-3.1-8b`).
public enum ConfigSource {
    /// Names of the bundled examples, sorted.
    public static var bundledNames: [String] { BundledExamples.configs.keys.sorted() }

    /// The config text and a display name for `specifier`.
    public static func load(_ specifier: String) throws(ConfigError) -> (name: String, text: String, origin: ConfigDocument.Origin) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: specifier, isDirectory: &isDirectory) {
            let url = URL(fileURLWithPath: specifier)
            let file = isDirectory.boolValue ? url.appendingPathComponent("config.json") : url
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw ConfigError("", "\(specifier) is a directory without a config.json")
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            if let size = attributes?[.size] as? Int, size > JSONParser.maxBytes {
                throw ConfigError("", "\(file.path) is \(size) bytes; a config.json is at most \(JSONParser.maxBytes)")
            }
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw ConfigError("", "cannot read \(file.path)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ConfigError("", "\(file.path) is not UTF-8 text")
            }
            let stem = file.deletingPathExtension().lastPathComponent
            let name = stem == "config" ? file.deletingLastPathComponent().lastPathComponent : stem
            return (name, text, .file(path: file.path))
        }
        if let text = BundledExamples.configs[specifier] { return (specifier, text, .bundled(specifier)) }
        throw ConfigError("", "no file, directory or bundled example named '\(specifier)' (bundled: \(bundledNames.joined(separator: ", ")))")
    }

    /// Loads and parses a config.
    public static func document(_ specifier: String) throws(ConfigError) -> ConfigDocument {
        let (name, text, origin) = try load(specifier)
        let root: JSONNode
        do { root = try JSONParser.parse(text) } catch { throw ConfigError("", error.description) }
        return ConfigDocument(name: name, origin: origin, root: root)
    }

    /// Loads and reads a model description.
    public static func model(_ specifier: String) throws(ConfigError) -> ModelDescription {
        let document = try document(specifier)
        return try ModelReader.read(document.root, name: document.name)
    }
}
