import Testing
@testable import CtxlimitsCLI

@Suite("Argument parsing: typed options")
struct ParsedArgumentsTests {
    enum Kind: String, ArgumentChoice { case mean, median }
    static let base = Option<Double>.real("base", "B", "the base", in: .above(1))
    static let layers = Option<Int>.integer("layers", "N", "layers", in: 1...(1 << 40), default: 32)
    static let range = Option<ClosedRange<Double>>.range("context-range", "range", in: .above(0))
    static let kind = Option<Kind>.choice("kind", "the kind", default: .mean)
    static let list = Option<[Double]>.list("bases", "B1,B2", "bases", in: .above(1), maxCount: 3)
    static let exact = Flag("exact", "a flag")
    let spec = CommandSpec(name: "demo", summary: "a demo", usage: ["--base B"],
                           options: [base.declaration, layers.declaration, range.declaration, kind.declaration, list.declaration, exact.declaration],
                           maxPositionals: 1)

    func parse(_ arguments: [String]) throws -> ParsedArguments { try ParsedArguments(arguments, spec: spec) }

    @Test func keyValueAndKeyEqualsValue() throws {
        let a = try parse(["--base", "1e6", "--layers=32", "config.json", "--exact"])
        #expect(try a[Self.base] == 1e6)
        #expect(try a[Self.layers] == 32)
        #expect(a.positionals == ["config.json"] && a.has(Self.exact))
        #expect(try parse(["--layers", "1e6"])[Self.layers] == 1_000_000)
    }

    @Test func defaultsComeFromTheDeclaration() throws {
        let a = try parse([])
        #expect(try a[Self.layers] == nil)
        #expect(try a.value(Self.layers) == 32)
        #expect(try a.value(Self.kind) == .mean)
        #expect(try a.value(Self.base) == nil)
        #expect(throws: UsageError.self) { try a.required(Self.base) }
        #expect(try parse(["--kind", "median"]).value(Self.kind) == .median)
        #expect(throws: InputError.self) { try parse(["--kind", "mode"]).value(Self.kind) }
    }

    @Test func helpIsGeneratedFromTheDeclarations() {
        let help = spec.help
        #expect(help.contains("--layers N") && help.contains("layers (default: 32; 1 … 2^40)"))
        #expect(help.contains("--kind mean|median") && help.contains("the kind (default: mean)"))
        #expect(help.contains("--base B") && help.contains("the base (> 1)"))
        #expect(help.contains("--exact") && help.contains("--format table|csv|json"))
    }

    @Test func negativeValuesAreValuesNotOptions() throws {
        let a = try parse(["--base", "-5"])
        #expect(throws: InputError.self) { try a[Self.base] }
    }

    @Test func structuralErrorsAreUsageErrors() {
        #expect(throws: UsageError.self) { try parse(["--nope", "1"]) }
        #expect(throws: UsageError.self) { try parse(["--base"]) }
        #expect(throws: UsageError.self) { try parse(["--base="]) }
        #expect(throws: UsageError.self) { try parse(["--exact=yes"]) }
        #expect(throws: UsageError.self) { try parse(["a", "b"]) }
        #expect(throws: UsageError.self) { try parse(["--base", "1", "--base", "2"]) }
    }

    @Test(arguments: ["nan", "NaN", "inf", "-inf", "infinity", "0x10", "1e", "abc", "1,000", "12a", "1e400", " 5"])
    func badNumbersAreRejected(text: String) throws {
        let a = try parse(["--base", text])
        #expect(throws: InputError.self) { try a[Self.base] }
    }

    @Test(arguments: [("3.5", "not a whole number"), ("-1", "below the minimum 1"), ("0", "below the minimum 1"),
                      ("1e18", "above the maximum 2^40"), ("1e300", "above the maximum 2^40")])
    func integersMustBeWholeAndInRange(text: String, message: String) throws {
        let a = try parse(["--layers", text])
        do {
            _ = try a[Self.layers]
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.message.contains("--layers") && error.message.contains(message), "\(error.message)")
        }
    }

    @Test func ranges() throws {
        #expect(try parse(["--context-range", "1e3:1e7"])[Self.range] == 1e3...1e7)
        for bad in ["1e7:1e3", "5", "1:2:3", "nan:5", ":5", "0:5"] {
            #expect(throws: InputError.self, "\(bad)") { try parse(["--context-range", bad])[Self.range] }
        }
    }

    @Test func listsUseTheStrictNumberGrammar() throws {
        #expect(try parse(["--bases", "1e4,5e5"])[Self.list] == [1e4, 5e5])
        for bad in ["1e4,0x10", "1e4,,2e4", "1,2,3,4", "1e4,abc", "0.5"] {
            #expect(throws: InputError.self, "\(bad)") { try parse(["--bases", bad])[Self.list] }
        }
    }

    @Test func optionsOutsideAFormAreRefused() throws {
        let a = try parse(["--base", "2", "--exact"])
        #expect(throws: UsageError.self) { try a.restrict(to: [Self.base.declaration], form: "the demo form") }
        try a.restrict(to: [Self.base.declaration, Self.exact.declaration], form: "the demo form")
    }

    @Test func doubleDashEndsOptions() throws {
        #expect(try parse(["--", "--base"]).positionals == ["--base"])
    }
}
