import Charts
import ContextLimits
import Foundation
import Synchronization

/// `ctxlimits reproduce`: every figure of the project, each an SVG and the CSV behind it.
enum ReproduceCommand {
    struct Figure: Sendable {
        let name: String
        let arguments: [String]
    }

    /// The project's figures. Every one is deterministic (parallel reductions break ties by index).
    static let figures: [Figure] = [
        Figure(name: "feasibility", arguments: ["feasibility", "--layers", "32"]),
        Figure(name: "precision-wall", arguments: ["feasibility", "--walls"]),
        Figure(name: "erasure-llama-3.1-8b-bf16", arguments: ["erasure", "llama-3.1-8b", "--precision", "bf16"]),
        Figure(name: "base-bound", arguments: ["base-bound", "--table"]),
        Figure(name: "kernel-llama-3.1-8b", arguments: ["kernel", "llama-3.1-8b"]),
        Figure(name: "roformer-decay", arguments: ["decay", "--base", "10000", "--head-dim", "128", "--max-distance", "250"]),
        Figure(name: "extrapolation", arguments: ["extrapolation", "--base", "1e6", "--head-dim", "128", "--train-length", "4096", "--tune-length", "16384"]),
        Figure(name: "spectrum-llama-3.1-8b", arguments: ["spectrum", "llama-3.1-8b"]),
        Figure(name: "spectrum-gemma-3-27b-it", arguments: ["spectrum", "gemma-3-27b-it"]),
        Figure(name: "spectrum-deepseek-v3", arguments: ["spectrum", "deepseek-v3"]),
        Figure(name: "spectrum-phi-3.5-mini-long", arguments: ["spectrum", "phi-3.5-mini-instruct", "--context", "131072"]),
        Figure(name: "score-spectrum-default", arguments: ["spectrum", "--base", "1e4", "--head-dim", "128", "--window", "4096", "--stride", "4"]),
        Figure(name: "score-spectrum-llama-3.1-8b", arguments: ["spectrum", "llama-3.1-8b", "--window", "4096", "--stride", "4"]),
        Figure(name: "locality-context", arguments: ["locality", "--context", "1048576", "--bases", "1e4,5e5,1e7"]),
        Figure(name: "locality-context-gaussian", arguments: ["locality", "--context", "262144", "--bases", "1e4,5e5,1e7", "--content", "gaussian", "--rho", "0.5", "--seeds", "8"]),
        Figure(name: "locality-token-context-gaussian", arguments: ["locality", "--context", "262144", "--bases", "1e4,5e5,1e7", "--content", "gaussian", "--rho", "0.5", "--seeds", "8", "--event", "token"]),
        Figure(name: "locality-context-halves", arguments: ["locality", "--context", "524288", "--bases", "1e4,5e5,1e7", "--content", "gaussian", "--rho", "0.5", "--seeds", "8", "--protocol", "halves"]),
        Figure(name: "locality-base-tradeoff", arguments: ["locality", "--context", "32768", "--sweep", "base", "--content", "gaussian", "--rho", "0.5", "--seeds", "16", "--protocol", "halves"]),
        Figure(name: "locality-gaussian-distance", arguments: ["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--sweep", "distance", "--near", "1000", "--max-distance", "1000000"]),
        Figure(name: "locality-score-difference", arguments: ["locality", "--base", "1e4", "--head-dim", "128", "--rho", "0.5", "--near", "1000", "--far", "100000"]),
        Figure(name: "capacity-laws", arguments: ["capacity", "--laws"]),
        Figure(name: "state-collapse-training-length", arguments: ["capacity", "--forget"]),
        Figure(name: "state-vs-kv-memory", arguments: ["capacity", "--compare", "default"]),
        Figure(name: "case-study", arguments: ["check", "--all"]),
        Figure(name: "case-study-liu2026", arguments: ["check", "--all", "--convention", "liu2026", "--gate", "aliasing,dc_stability,depth,precision"]),
        Figure(name: "validation", arguments: ["validate"]),
        Figure(name: "finite-window-mmax", arguments: ["window", "--sweep-base"]),
    ]

    static let out = Option<String>.text("out", "DIR", "output directory", default: "Figures")
    static let only = Option<String>.text("only", "NAME", "one figure")

    static let spec = CommandSpec(
        name: "reproduce",
        summary: "write every figure of the project (SVG, its table as CSV, its plotted series as .data.csv) to a directory",
        usage: ["[--out DIR] [--only NAME]"],
        options: [out.declaration, only.declaration], hasFigure: false,
        details: "Figures: " + figures.map(\.name).joined(separator: ", ") + ". Figures/README.md describes each.")

    static let command = Subcommand(spec) { try run($0.arguments, $0.io) }

    static func run(_ args: ParsedArguments, _ io: ToolIO) throws -> Outcome {
        let out = try args.value(Self.out)!
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("--out: \(out) is not an existing directory")
        }
        let only = try args[Self.only]
        if let only, !figures.contains(where: { $0.name == only }) {
            throw InputError("--only: no figure '\(only)' (figures: \(figures.map(\.name).joined(separator: ", ")))")
        }
        // Figures in parallel; their files are returned, not written, so that the frame writes all of
        // them together after the last figure (an interrupted or failed run leaves none).
        let selected = figures.filter { only == nil || $0.name == only }
        let rendered = try Parallel.map(selected.count) { i -> (paths: [String], files: [(path: String, text: String)]) in
            let f = selected[i]
            if io.isInterrupted() { throw Interrupted() }         // no new figure after Ctrl-C
            if io.stderrIsTerminal { io.err("reproducing \(f.name)…\n") }
            let paths = [".csv", ".svg", ".data.csv"].map { (out as NSString).appendingPathComponent(f.name + $0) }
            let errors = Mutex("")
            let silent = ToolIO(out: { _ in }, err: { text in errors.withLock { $0 += text } }, isInterrupted: io.isInterrupted)
            do {
                let outcome = try Tool.outcome(f.arguments, io: silent)
                let request = OutputRequest(csvPath: paths[0], svgPath: paths[1], figureCSVPath: paths[2])
                return (paths, try request.files(outcome))
            } catch let error as Interrupted {
                throw error
            } catch {
                throw InputError("figure \(f.name) failed: \(errors.withLock { $0 })\(error)")
            }
        }
        if io.isInterrupted() { throw Interrupted() }
        let paths = rendered.map(\.paths)
        var table = DataTable(columns: ["figure", "csv", "svg", "data", "command"])
        for (f, p) in zip(selected, paths) {
            table.append([.text(f.name), .text(p[0]), .text(p[1]), .text(p[2]), .text("ctxlimits " + f.arguments.joined(separator: " "))])
        }
        return Outcome(Report(title: "Reproduced figures", table: table,
                              json: .array(table.rows.map { .object([("figure", .string($0[0].plain)), ("csv", .string($0[1].plain)), ("svg", .string($0[2].plain)), ("data", .string($0[3].plain))]) })),
                       files: rendered.flatMap(\.files))
    }
}
