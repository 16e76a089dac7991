import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a repository's config.json in the local Hugging Face cache, offline (never a network
/// access), with huggingface_hub's layout and precedence:
///
/// - the cache is `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`
///   (huggingface_hub `constants.py`: HF_HUB_CACHE defaults to HF_HOME/hub, HF_HOME to
///   XDG_CACHE_HOME/huggingface or ~/.cache/huggingface);
/// - `org/name` lives in `models--org--name/`; `refs/<revision>` holds a commit hash (default
///   revision `main`) and `snapshots/<hash>/config.json` is the file, usually a link into `blobs/`;
/// - `org/name@rev` names a branch or tag (`refs/rev`) or a commit (`snapshots/rev`).
public enum HuggingFaceCache {
    /// The cache directory and how it was chosen, for messages.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> (path: String, why: String) {
        if let hub = environment["HF_HUB_CACHE"], !hub.isEmpty { return (hub, "$HF_HUB_CACHE") }
        if let home = environment["HF_HOME"], !home.isEmpty { return ((home as NSString).appendingPathComponent("hub"), "$HF_HOME/hub") }
        let xdg = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        let base = xdg ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".cache")
        return ((base as NSString).appendingPathComponent("huggingface/hub"), xdg == nil ? "~/.cache/huggingface/hub" : "$XDG_CACHE_HOME/huggingface/hub")
    }

    /// Whether `specifier` has the form of a repository id (`org/name`, optionally `@revision`).
    public static func isRepositoryID(_ specifier: String) -> Bool { (try? parse(specifier)) != nil }

    struct RepositoryID { var org: String; var name: String; var revision: String? }

    static func parse(_ specifier: String) throws(ConfigError) -> RepositoryID {
        let parts = specifier.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let repo = parts[0].split(separator: "/", omittingEmptySubsequences: false)
        func valid(_ s: Substring) -> Bool {
            !s.isEmpty && s.count <= 96 && s != "." && s != ".." && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        }
        guard repo.count == 2, valid(repo[0]), valid(repo[1]) else { throw ConfigError("", "'\(specifier)' is not a repository id org/name") }
        var revision: String?
        if parts.count == 2 {
            let rev = parts[1]
            guard !rev.isEmpty, rev.count <= 256, !rev.split(separator: "/").contains(where: { $0 == ".." || $0.isEmpty }),
                  rev.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-/".contains($0)) }) else {
                throw ConfigError("", "'\(rev)' is not a revision (a branch, tag or commit)")
            }
            revision = String(rev)
        }
        return RepositoryID(org: String(repo[0]), name: String(repo[1]), revision: revision)
    }

    /// The path of `org/name[@rev]`'s config.json in the cache.
    ///
    /// - Throws: ``ConfigError`` naming the directory searched, what is missing, and the command
    ///   that would fetch the file.
    public static func configPath(_ specifier: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> String {
        let id = try parse(specifier)
        let (cache, why) = directory(environment: environment)
        let fetch = "fetch it with: hf download \(id.org)/\(id.name) config.json" + (id.revision.map { " --revision \($0)" } ?? "")
        let repo = (cache as NSString).appendingPathComponent("models--\(id.org)--\(id.name)")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: repo, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError("", "\(id.org)/\(id.name) is not in the Hugging Face cache (searched \(repo), the cache being \(why)); \(fetch)")
        }
        let revision = id.revision ?? "main"
        let snapshots = (repo as NSString).appendingPathComponent("snapshots")
        var commit: String
        let direct = (snapshots as NSString).appendingPathComponent(revision)
        if id.revision != nil, FileManager.default.fileExists(atPath: direct, isDirectory: &isDirectory), isDirectory.boolValue {
            commit = revision
        } else {
            let ref = (repo as NSString).appendingPathComponent("refs/\(revision)")
            if let reason = RegularFile.refusal(ref) { throw ConfigError("", "\(reason); \(fetch)") }
            guard let data = FileManager.default.contents(atPath: ref), data.count <= 256,
                  let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                throw ConfigError("", "\(repo) has no readable refs/\(revision) (no \(revision == "main" ? "default revision" : "revision '\(revision)'") was downloaded); \(fetch)")
            }
            guard text.allSatisfy({ $0.isHexDigit }), text.count <= 64 else {
                throw ConfigError("", "\(ref) does not hold a commit hash")
            }
            commit = text
        }
        let snapshot = (snapshots as NSString).appendingPathComponent(commit)
        guard FileManager.default.fileExists(atPath: snapshot, isDirectory: &isDirectory), isDirectory.boolValue else {
            var status = stat()
            if stat(snapshot, &status) != 0, errno == EACCES {
                throw ConfigError("", "\(snapshot) cannot be read (permission denied); \(fetch)")
            }
            throw ConfigError("", "refs/\(revision) of \(repo) points to \(commit), but snapshots/\(commit) is missing (an interrupted download?); \(fetch)")
        }
        let link = (snapshot as NSString).appendingPathComponent("config.json")
        var status = stat()
        guard lstat(link, &status) == 0 else {
            throw ConfigError("", "\(snapshot) has no config.json (only other files were downloaded); \(fetch)")
        }
        guard let resolved = realpath(link, nil) else {
            let reason = errno == ELOOP ? "is a symbolic link loop" : "is a broken link (its blob is missing)"
            throw ConfigError("", "\(link) \(reason); \(fetch)")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
