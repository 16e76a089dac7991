import Foundation
import Testing
import TestSupport
@testable import Models

/// The lint against its case corpus (a trigger and a clean config for every rule, rules expected by
/// reading each stack's rule) and against the warnings transformers itself logs for the same configs
/// (lint_cases.json, written by make_lint_reference.py).
@Suite("Config lint")
struct ConfigLintTests {
    static let fixture = Fixture.load("lint_cases.json", from: .module)
    static let cases = fixture["cases"].array

    /// The rules that mirror a transformers warning, and the text of that warning.
    static let transformersRules: [(LintRule, String)] = [
        (.factorBelowOne, "factor field must be a float or int >= 1"),
        (.attentionFactor, "attention_factor field must be a float"),
        (.betaOrder, "beta_fast field must be greater than beta_slow"),
        (.yarnFactorMismatch, "The explicitly set RoPE scaling factor"),
        (.longropeFactorLength, "_factor field must have length"),
        (.longropeImplicitFactor, "This model config has set a `rope_parameters['original_max_position_embeddings']` field"),
        (.llama3FrequencyOrder, "high_freq_factor field must be greater than low_freq_factor"),
        (.llama3OriginalNotInteger, "original_max_position_embeddings field must be an integer"),
        (.llama3OriginalNotBelowMax, "original_max_position_embeddings field must be less than max_position_embeddings"),
        (.proportionalWithoutPartialRotary, "partial_rotary_factor is None"),
        (.unknownRopeKey, "Unrecognized keys"),
    ]

    static func mirrored(_ warnings: [ConfigWarning]) -> Set<LintRule> {
        Set(warnings.map { $0.rule == .misspelledRopeKey ? .unknownRopeKey : $0.rule }.filter { r in transformersRules.contains { $0.0 == r } })
    }

    static func fromTransformers(_ reference: Fixture) -> Set<LintRule>? {
        guard let messages = reference.optional("warnings")?.array.map(\.string) else { return nil }
        return Set(transformersRules.filter { rule in messages.contains { $0.contains(rule.1) } }.map(\.0))
    }

    @Test(arguments: cases.indices)
    func eachCaseDrawsExactlyItsRules(index: Int) throws {
        let c = Self.cases[index]
        let root = try JSONParser.parse(c["config"].string)
        let warnings = ConfigLint.warnings(root)
        let expected = Set(c["rules"].array.map { LintRule(rawValue: $0.string)! })
        #expect(Set(warnings.map(\.rule)) == expected, "\(c["name"].string): \(warnings)")
        if let transformers = Self.fromTransformers(c["transformers"]) {
            #expect(Self.mirrored(warnings) == transformers, "\(c["name"].string): transformers warns \(transformers)")
        }
        for w in warnings { #expect(!w.field.isEmpty && !w.message.isEmpty) }
    }

    /// Every rule has a case that triggers it and one that does not (a case without it); the GGUF
    /// notes are triggered and not by the files of GGUFTests.
    @Test func everyRuleIsCovered() {
        let configRules = LintRule.allCases.filter { ![.ggufTensorFactors, .ggufArchitecture].contains($0) }
        let triggered = Set(Self.cases.flatMap { $0["rules"].array.map(\.string) })
        #expect(triggered == Set(configRules.map(\.rawValue)), "rules without a triggering case: \(Set(configRules.map(\.rawValue)).subtracting(triggered))")
        for rule in configRules {
            #expect(Self.cases.contains { !$0["rules"].array.map(\.string).contains(rule.rawValue) }, "\(rule)")
            #expect(!rule.source.isEmpty)
        }
    }

    /// On the bundled configs, the mirrored rules fire exactly where transformers warns.
    @Test(arguments: ConfigSource.bundledNames)
    func bundledConfigsAgreeWithTransformers(name: String) throws {
        guard let reference = Self.fixture["bundled"].optional(name) else {
            Issue.record("\(name): no transformers reference in the fixture (rerun its script)")
            return
        }
        guard let transformers = Self.fromTransformers(reference) else {
            // transformers cannot load it (remote code, or another library's schema): the fixture says why.
            #expect(reference.optional("error") != nil, "\(name): the fixture records neither warnings nor an error")
            return
        }
        let warnings = ConfigLint.warnings(try JSONParser.parse(BundledExamples.configs[name]!))
        #expect(Self.mirrored(warnings) == transformers, "\(name): \(warnings)")
    }
}

@Suite("The lint rules are documented")
struct LintDocumentationTests {
    @Test func everyRuleIsInTheGuide() throws {
        let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Guides/Models.md").standardized
        let text = try String(contentsOf: guide, encoding: .utf8)
        for rule in LintRule.allCases { #expect(text.contains("`\(rule.rawValue)`"), "\(rule.rawValue) is missing from Guides/Models.md") }
    }
}
