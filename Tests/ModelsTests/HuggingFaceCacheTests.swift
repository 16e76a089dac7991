import Foundation
import Testing
@testable import Models

/// Cache layouts built in a temporary directory: the good ones resolve, every broken one gets a
/// message naming what is missing and how to fetch it.
@Suite("Hugging Face cache")
struct HuggingFaceCacheTests {
    let fm = FileManager.default

    /// A cache with `org/name` at `commit`, refs/main pointing to it, config.json a link into blobs.
    func cache() throws -> (URL, [String: String]) {
        let root = fm.temporaryDirectory.appendingPathComponent("hf-\(UUID().uuidString)")
        let repo = root.appendingPathComponent("models--org--name")
        try fm.createDirectory(at: repo.appendingPathComponent("blobs"), withIntermediateDirectories: true)
        try fm.createDirectory(at: repo.appendingPathComponent("refs/pr"), withIntermediateDirectories: true)
        try fm.createDirectory(at: repo.appendingPathComponent("snapshots/abc123"), withIntermediateDirectories: true)
        try BundledExamples.configs["llama-3.1-8b"]!.write(to: repo.appendingPathComponent("blobs/0bb6fd"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: repo.appendingPathComponent("snapshots/abc123/config.json").path, withDestinationPath: "../../blobs/0bb6fd")
        try "abc123".write(to: repo.appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        try "abc123\n".write(to: repo.appendingPathComponent("refs/pr/1"), atomically: true, encoding: .utf8)
        return (root, ["HF_HUB_CACHE": root.path])
    }

    @Test func resolvesRevisionsBranchesAndCommits() throws {
        let (root, env) = try cache()
        defer { try? fm.removeItem(at: root) }
        for id in ["org/name", "org/name@main", "org/name@abc123", "org/name@pr/1"] {
            let path = try HuggingFaceCache.configPath(id, environment: env)
            #expect(path.hasSuffix("blobs/0bb6fd"), "\(id): \(path)")
        }
    }

    @Test func theCacheDirectoryFollowsHuggingFaceHub() {
        #expect(HuggingFaceCache.directory(environment: ["HF_HUB_CACHE": "/a", "HF_HOME": "/b"]).path == "/a")
        #expect(HuggingFaceCache.directory(environment: ["HF_HOME": "/b"]).path == "/b/hub")
        #expect(HuggingFaceCache.directory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).path == "/x/huggingface/hub")
        #expect(HuggingFaceCache.directory(environment: ["HOME": "/h"]).path == "/h/.cache/huggingface/hub")
    }

    @Test func brokenLayoutsSayWhatIsMissing() throws {
        let (root, env) = try cache()
        defer { try? fm.removeItem(at: root) }
        let repo = root.appendingPathComponent("models--org--name")
        func message(_ id: String) -> String {
            do { _ = try HuggingFaceCache.configPath(id, environment: env); return "resolved" } catch { return error.problem }
        }
        #expect(message("org/other").contains("not in the Hugging Face cache") && message("org/other").contains("hf download org/other config.json"))
        #expect(message("org/name@v9").contains("no readable refs/v9") && message("org/name@v9").contains("--revision v9"))
        // dangling snapshot: refs point to a commit whose snapshot is missing
        try "def456".write(to: repo.appendingPathComponent("refs/stale"), atomically: true, encoding: .utf8)
        #expect(message("org/name@stale").contains("snapshots/def456 is missing"))
        // a ref that is not a hash
        try "not a hash".write(to: repo.appendingPathComponent("refs/bad"), atomically: true, encoding: .utf8)
        #expect(message("org/name@bad").contains("does not hold a commit hash"))
        // a snapshot without config.json
        try fm.createDirectory(at: repo.appendingPathComponent("snapshots/0f0f0f"), withIntermediateDirectories: true)
        #expect(message("org/name@0f0f0f").contains("has no config.json"))
        // a broken link, and a link loop
        try fm.createDirectory(at: repo.appendingPathComponent("snapshots/bbbbbb"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: repo.appendingPathComponent("snapshots/bbbbbb/config.json").path, withDestinationPath: "../../blobs/gone")
        #expect(message("org/name@bbbbbb").contains("broken link"))
        try fm.createDirectory(at: repo.appendingPathComponent("snapshots/cccccc"), withIntermediateDirectories: true)
        let loop = repo.appendingPathComponent("snapshots/cccccc/config.json").path
        try fm.createSymbolicLink(atPath: loop, withDestinationPath: "loop2")
        try fm.createSymbolicLink(atPath: repo.appendingPathComponent("snapshots/cccccc/loop2").path, withDestinationPath: "config.json")
        #expect(message("org/name@cccccc").contains("symbolic link loop"))
    }

    @Test func onlyRepositoryIDsAreLookedUp() {
        for id in ["org/name", "Qwen/Qwen2.5-7B-Instruct", "a-b/c.d@refs-1"] { #expect(HuggingFaceCache.isRepositoryID(id), "\(id)") }
        for id in ["name", "../x", "org/..", "a/b/c", "org/name@", "org/name@../x", "org /name", "org/na me"] {
            #expect(!HuggingFaceCache.isRepositoryID(id), "\(id)")
        }
    }
}
