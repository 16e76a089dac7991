import Foundation
import Testing
import Charts
import ContextLimits
@testable import CtxlimitsCLI

/// The frame, exercised through a small test command with a table, JSON and a figure.
@Suite("Tool frame: dispatch, help, formats, files, exit codes")
struct ToolTests {
    static let n = Option<Int>.integer("n", "N", "how many", in: 1...1000)
    static let squares = Subcommand(
        CommandSpec(name: "squares", summary: "squares of 1…n", usage: ["--n N"], options: [n.declaration])
    ) { call in
        let n = try call.arguments.required(Self.n)
        if n == 999 {   // a run that the user interrupts
            throw Interrupted()
        }
        var table = DataTable(columns: ["k", "square"])
        for k in 1...n { table.append([.integer(k), .number(Double(k * k))]) }
        let json = JSONValue.object([("n", .integer(n)), ("squares", .numbers((1...n).map { Double($0 * $0) }))])
        let chart = Chart(title: "squares", x: Axis("k"), y: Axis("k²"),
                          layers: [.line(LineSeries("k²", (1...n).map { Point(Double($0), Double($0 * $0)) }))])
        return Outcome(Report(title: "Squares", table: table, json: json, chart: chart),
                       exitCode: n == 13 ? .boundViolated : .success)
    }

    func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        runTool(arguments, commands: [Self.squares])
    }

    @Test func helpListsCommands() {
        let r = run(["--help"])
        #expect(r.code == 0 && r.out.contains("squares") && r.out.contains("Exit codes"))
        #expect(run(["squares", "--help"]).out.contains("--n N"))
        #expect(run(["help", "squares"]).out.contains("--format table|csv|json"))
    }

    @Test func unknownCommandAndNoArgumentsAreUsageErrors() {
        let r = run(["no-such-command"])
        #expect(r.code == 2 && r.err.contains("unknown command 'no-such-command'") && r.out.isEmpty)
        #expect(run([]).code == 2)
    }

    @Test func formats() throws {
        let table = run(["squares", "--n", "3"])
        #expect(table.code == 0 && table.out.contains("square") && table.out.contains("9"))
        #expect(run(["squares", "--n", "3", "--format", "csv"]).out == "k,square\n1,1.0\n2,4.0\n3,9.0\n")
        let json = run(["squares", "--n=2", "--format=json"]).out
        #expect(json == "{\n  \"n\": 2,\n  \"squares\": [1.0, 4.0]\n}\n")
        #expect(run(["squares", "--n", "2", "--format", "xml"]).code == 2)
    }

    @Test func exitCodes() {
        #expect(run(["squares", "--n", "13"]).code == 3)
        let bad = run(["squares", "--n", "nan"])
        #expect(bad.code == 1 && bad.err.contains("--n") && bad.out.isEmpty)
        #expect(run(["squares", "--n", "-2"]).code == 1)
        #expect(run(["squares"]).code == 2)
        #expect(run(["squares", "--m", "2"]).code == 2)
    }

    @Test func filesAreWrittenOnlyOnSuccess() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("s.csv").path, svg = dir.appendingPathComponent("s.svg").path
        #expect(run(["squares", "--n", "4", "--csv", csv, "--svg", svg]).code == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("k,square\n"))
        #expect(try String(contentsOfFile: svg, encoding: .utf8).hasPrefix("<svg"))
        let failedCSV = dir.appendingPathComponent("f.csv").path
        #expect(run(["squares", "--n", "0", "--csv", failedCSV]).code == 1)
        #expect(!FileManager.default.fileExists(atPath: failedCSV))
        #expect(run(["squares", "--n", "2", "--csv", "/no/such/dir/x.csv"]).code == 1)
        let interrupted = dir.appendingPathComponent("i.csv").path
        let r = run(["squares", "--n", "999", "--csv", interrupted])
        #expect(r.code == 130 && r.err.contains("interrupted") && r.out.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: interrupted))
    }

    @Test func aRunStoppedByCtrlCWritesNoFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("k.csv").path
        let capture = Capture(interrupted: true)
        let code = Tool.run(["kernel", "--base", "1e4", "--head-dim", "128", "--context", "100000", "--csv", csv], io: capture.io)
        #expect(code == 130 && capture.err.contains("interrupted") && capture.out.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: csv))
    }

    @Test func tablesBecomeRecordsCellByCell() {
        var t = DataTable(columns: ["name", "n", "x", "ok", "missing"])
        t.append([.text("a"), .integer(1024), .number(0.1), .bool(true), .empty])
        #expect(JSONValue.records(t).rendered() == "[\n  {\n    \"name\": \"a\",\n    \"n\": 1024,\n    \"x\": 0.1,\n    \"ok\": true,\n    \"missing\": null\n  }\n]")
    }

    @Test func jsonEscapesAndNonFiniteNumbers() {
        let v = JSONValue.object([("a\"b", .string("line\nnext\u{1}")), ("x", .number(.nan)), ("y", .number(1e-5))])
        #expect(v.rendered() == "{\n  \"a\\\"b\": \"line\\nnext\\u0001\",\n  \"x\": null,\n  \"y\": 1e-05\n}")
    }
}

/// Every registered command's help is generated from the declarations its parser uses.
@Suite("Help from declarations")
struct HelpTests {
    @Test(arguments: Registry.commands.map(\.spec.name))
    func everyDeclaredOptionIsInHelpAndParses(command: String) throws {
        let spec = try #require(Registry.commands.first { $0.spec.name == command }).spec
        let help = runTool([command, "--help"])
        #expect(help.code == 0 && help.out == spec.help)
        for option in spec.options {
            #expect(help.out.contains("--\(option.name)") && help.out.contains(option.help), "\(command) --\(option.name)")
            // The parser knows every declared option: it is never an unknown-option error.
            let arguments = option.valueName == nil ? ["--\(option.name)"] : ["--\(option.name)", "1"]
            do { _ = try ParsedArguments(arguments, spec: spec) } catch { Issue.record("\(command) --\(option.name): \(error)") }
        }
    }

    /// `--threads T` reaches every parallel loop of the command, nested ones included; without it
    /// the default is the number of cores (or CTXLIMITS_THREADS).
    @Test func threadsOptionSetsTheDefaultForNestedLoops() throws {
        let probe = Subcommand(CommandSpec(name: "probe", summary: "thread counts seen", usage: [""], options: [], hasFigure: false)) { _ in
            let seen = Parallel.map(4, threads: 2) { _ in Parallel.map(2) { _ in Parallel.defaultThreads } }.flatMap { $0 }
            var table = DataTable(columns: ["threads"])
            for t in seen { table.append([.integer(t)]) }
            return Outcome(Report(title: "Probe", table: table, json: .numbers(seen.map(Double.init))))
        }
        let three = runTool(["probe", "--threads", "3", "--format", "csv"], commands: [probe])
        #expect(three.code == 0 && three.out == "threads\n" + String(repeating: "3\n", count: 8))
        let unset = runTool(["probe", "--format", "csv"], commands: [probe])
        #expect(unset.out == "threads\n" + String(repeating: "\(Parallel.defaultThreads)\n", count: 8))
        let zero = runTool(["probe", "--threads", "0"], commands: [probe])
        #expect(zero.code == 1 && zero.err.contains("--threads: 0 is below the minimum 1"))
    }

    /// The commands that split their work print the same bytes on one and on three threads.
    @Test(arguments: [
        ["locality", "--bases", "1e4,5e5", "--head-dim", "64", "--context", "65536", "--format", "csv"],
        ["erasure", "--base", "1e4", "--head-dim", "64", "--context", "300000", "--precision", "bf16", "--format", "csv"],
        ["kernel", "--base", "1e4", "--head-dim", "64", "--context", "200000", "--format", "json"],
        ["check", "--all", "--format", "csv"],
        ["fix", "llama-2-7b", "--context", "131072", "--format", "json"],
    ])
    func commandsGiveTheSameOutputOnAnyThreadCount(_ arguments: [String]) {
        let one = runTool(arguments + ["--threads", "1"])
        let three = runTool(arguments + ["--threads", "3"])
        #expect(one.code != 1 && one.code != 2, "\(one.err)")
        #expect(one.code == three.code && one.out == three.out && !one.out.isEmpty)
    }
}
