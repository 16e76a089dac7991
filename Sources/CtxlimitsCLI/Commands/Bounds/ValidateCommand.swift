import Charts
import ContextLimits
import Foundation

/// `ctxlimits validate`: every bound against measured effective context lengths, contradictions
/// first.
enum ValidateCommand {
    static let measurements = Option<[String]>.names("measurements", "FILE,…",
                                                     "CSVs of measured lengths, columns model,config,measured_length,source (also claimed_length, note); by default every bundled table",
                                                     maxCount: 16)

    static let spec = CommandSpec(
        name: "validate",
        summary: "the bounds against measured effective context lengths (every bundled table by default): which bounds the measurements contradict, against the label's baselines",
        usage: ["[--measurements A.csv[,B.csv…]] [--svg FILE] [--gate BOUND,…] [--kernel-reading R] [--epsilon E] [--precision P] [--convention C] [--horizon H]"],
        options: [measurements.declaration, Shared.epsilon.declaration, Shared.precision.declaration, Shared.convention.declaration,
                  Shared.kernelReading.declaration, Shared.gate.declaration, Shared.horizon.declaration],
        details: """
            Each bound is a necessary condition: it contradicts a measurement when it fails at or below the length at
            which the model was measured effective (its max_context, searched with the config's scaling re-evaluated
            at each length, is below the measured length). The config column names a bundled example, a config.json
            (absolute, or relative to the CSV's directory) or a snapshot directory. The 2×2 tables cross "the bound holds
            at the claimed length" with "the model was measured effective there" (claimed_length, else the config's
            max_position_embeddings); Spearman's ρ ranks max_context (beyond the horizon = the horizon) against the
            measured length. Nothing is fitted: ε, the convention and the precision are the options given. The gate's
            verdict (summary.verdict) and its reach's ρ (spearman: the max_context check reports) stand beside the
            baselines a user already has: the claimed length, max_position_embeddings and the original (pre-extension)
            length, each ranked against the measured length.
            JSON: rows (model, config, measured_length, claimed_length, max_context, binding_bound, contradicted,
            undetermined, reach), summary ({bound: {rows, contradicted, models, contingency, spearman}, verdict,
            kernel_other_reading}), baselines ({claimed, max_position_embeddings, original}: {rows, spearman}),
            contingency, spearman, spearman_all_bounds.
            """)

    static let command = Subcommand(spec) { try run($0) }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let settings = try Shared.boundSettings(a)
        let horizon = try a.value(Shared.horizon)!
        let files = try a[measurements]
        let tables: [(String?, [MeasuredLength])] = try files.map { try $0.map { ($0, try load($0)) } }
            ?? MeasurementTable.bundledNames.map { name in
                do { return (nil, try MeasurementTable.bundled(name)) } catch { throw InputError("bundled measurements \(name): \(error)") }
            }
        var inputs: [(MeasuredLength, ModelInput)] = []
        for (file, table) in tables {
        for m in table {
            let input: ModelInput
            do throws(ConfigError) {
                input = try ModelInput.load(resolve(m.config, relativeTo: file))
            } catch {
                throw InputError("\(file ?? "measurements") line \(m.line), column config: \(m.config): " + (error.field.isEmpty ? error.problem : "\(error.field): \(error.problem)"))
            }
            guard !input.rotaryGroups.isEmpty else {
                throw InputError("\(file ?? "measurements") line \(m.line), column config: \(m.config) has no rotary attention layers (\(input.model.positionScheme.rawValue)): no RoPE bound applies")
            }
            try BoundsCommand.checkWork(input, context: 1, horizon: horizon)
            inputs.append((m, input))
        }
        }
        let gate = try a.value(Shared.gate)!
        let validation = try call.withProgress("reach of \(inputs.count) measured models") { sink throws(Interrupted) in
            try Validation(inputs, settings: settings, gate: gate, horizon: horizon, progress: sink)
        }
        let source = files?.joined(separator: ", ")
            ?? "bundled tables " + MeasurementTable.bundledNames.map { "Examples/measurements/\($0).csv" }.joined(separator: ", ")
        return Outcome(ValidatePresentation.report(validation, source: source))
    }

    /// The measurements of FILE.
    static func load(_ file: String) throws -> [MeasuredLength] {
        if let reason = RegularFile.refusal(file) { throw InputError("--measurements: \(reason)") }
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        if let size = attributes?[.size] as? Int, size > MeasurementTable.maxBytes {
            throw InputError("--measurements: \(file) is \(size) bytes; at most \(MeasurementTable.maxBytes) are read")
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw InputError("--measurements: cannot read \(file)") }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError("--measurements: \(file) is not UTF-8 text") }
        do { return try MeasurementTable.parse(text) } catch { throw InputError("--measurements: \(file) \(error)") }
    }

    /// A config named in a measurements file: a path relative to the file's directory when one
    /// exists there, else the name as given (a bundled example, an absolute or working-directory path).
    static func resolve(_ config: String, relativeTo file: String?) -> String {
        guard let file, !config.hasPrefix("/") else { return config }
        let candidate = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(config).path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : config
    }
}
