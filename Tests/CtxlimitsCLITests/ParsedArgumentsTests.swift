import Testing
@testable import CtxlimitsCLI

@Suite("Argument parsing")
struct ParsedArgumentsTests {
    let spec = CommandSpec(
        name: "demo", summary: "a demo", usage: ["--base B"],
        options: [.init("base", "B", "the base"), .init("layers", "N", "layers"), .init("context-range", "A:B", "range"),
                  .init("exact", nil, "a flag")],
        maxPositionals: 1)

    @Test func keyValueAndKeyEqualsValue() throws {
        let a = try ParsedArguments(["--base", "1e6", "--layers=32", "config.json", "--exact"], spec: spec)
        #expect(try a.double("base") == 1e6)
        #expect(try a.int("layers") == 32)
        #expect(a.positionals == ["config.json"])
        #expect(a.flags.contains("exact"))
        #expect(try ParsedArguments(["--base=131072"], spec: spec).int("base") == 131072)
        #expect(try ParsedArguments(["--layers", "1e6"], spec: spec).int("layers") == 1_000_000)
    }

    @Test func negativeValuesAreValuesNotOptions() throws {
        let a = try ParsedArguments(["--base", "-5"], spec: spec)
        #expect(throws: InputError.self) { try a.double("base", minimum: 1, exclusiveMinimum: true) }
    }

    @Test func structuralErrorsAreUsageErrors() {
        #expect(throws: UsageError.self) { try ParsedArguments(["--nope", "1"], spec: spec) }
        #expect(throws: UsageError.self) { try ParsedArguments(["--base"], spec: spec) }
        #expect(throws: UsageError.self) { try ParsedArguments(["--base="], spec: spec) }
        #expect(throws: UsageError.self) { try ParsedArguments(["--exact=yes"], spec: spec) }
        #expect(throws: UsageError.self) { try ParsedArguments(["a", "b"], spec: spec) }
        #expect(throws: UsageError.self) { try ParsedArguments(["--base", "1", "--base", "2"], spec: spec) }
        #expect(throws: UsageError.self) { try ParsedArguments([], spec: spec).requiredDouble("base") }
    }

    @Test(arguments: ["nan", "NaN", "inf", "-inf", "infinity", "0x10", "1e", "abc", "1,000", "12a", "1e400", " 5"])
    func badNumbersAreRejected(text: String) throws {
        let a = try ParsedArguments(["--base", text], spec: spec)
        #expect(throws: InputError.self) { try a.double("base") }
    }

    @Test(arguments: ["3.5", "-1", "1e-3", "1e20"])
    func integersMustBeWholeAndInRange(text: String) throws {
        let a = try ParsedArguments(["--layers", text], spec: spec)
        #expect(throws: InputError.self) { try a.int("layers", minimum: 1) }
    }

    @Test func ranges() throws {
        let a = try ParsedArguments(["--context-range", "1e3:1e7"], spec: spec)
        #expect(try a.range("context-range", minimum: 1) == 1e3...1e7)
        for bad in ["1e7:1e3", "5", "1:2:3", "nan:5", ":5", "0:5"] {
            let b = try ParsedArguments(["--context-range", bad], spec: spec)
            #expect(throws: InputError.self, "\(bad)") { try b.range("context-range", minimum: 0, exclusiveMinimum: true) }
        }
    }

    @Test func messagesNameTheOption() throws {
        let a = try ParsedArguments(["--layers", "3.5"], spec: spec)
        do {
            _ = try a.int("layers")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("--layers") && error.message.contains("3.5"))
        }
    }

    @Test func doubleDashEndsOptions() throws {
        let a = try ParsedArguments(["--", "--base"], spec: spec)
        #expect(a.positionals == ["--base"])
    }
}
