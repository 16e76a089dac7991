import Charts
import ContextLimits
import Foundation

/// `ctxlimits validate`: every bound against measured effective context lengths, contradictions
/// first.
enum ValidateCommand {
    static let measurements = Option<String>.text("measurements", "FILE",
                                                  "CSV of measured lengths, columns model,config,measured_length,source (also claimed_length, note); by default the bundled RULER table")

    static let spec = CommandSpec(
        name: "validate",
        summary: "the bounds against measured effective context lengths (RULER by default): which bounds the measurements contradict",
        usage: ["[--measurements FILE.csv] [--svg FILE] [--epsilon E] [--precision P] [--convention C] [--horizon H]"],
        options: [measurements.declaration, Shared.epsilon.declaration, Shared.precision.declaration, Shared.convention.declaration,
                  Shared.horizon.declaration],
        details: """
            Each bound is a necessary condition: it contradicts a measurement when it fails at or below the length at
            which the model was measured effective (its max_context, searched with the config's scaling re-evaluated
            at each length, is below the measured length). The config column names a bundled example, a config.json
            (absolute, or relative to the CSV's directory) or a snapshot directory. The 2×2 tables cross "the bound holds
            at the claimed length" with "the model was measured effective there" (claimed_length, else the config's
            max_position_embeddings); Spearman's ρ ranks max_context (beyond the horizon = the horizon) against the
            measured length. Nothing is fitted: ε, the convention and the precision are the options given.
            JSON: rows (model, config, measured_length, claimed_length, max_context, binding_bound, contradicted,
            undetermined, reach), summary ({bound: {rows, contradicted, models, contingency, spearman}}), contingency,
            spearman.
            """)

    static let command = Subcommand(spec) { try run($0) }

    static func run(_ call: Invocation) throws -> Outcome {
        let a = call.arguments
        let settings = try Shared.boundSettings(a)
        let horizon = try a.value(Shared.horizon)!
        let file = try a[measurements]
        let table = try load(file)
        var inputs: [(MeasuredLength, ModelInput)] = []
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
        let validation = try call.withProgress("reach of \(inputs.count) measured models") { sink throws(Interrupted) in
            try Validation(inputs, settings: settings, horizon: horizon, progress: sink)
        }
        return Outcome(ValidatePresentation.report(validation, source: file ?? "bundled RULER table (Examples/measurements/ruler.csv)"))
    }

    /// The measurements of FILE, or the bundled RULER table.
    static func load(_ file: String?) throws -> [MeasuredLength] {
        guard let file else {
            do { return try MeasurementTable.bundled("ruler") } catch { throw InputError("bundled measurements: \(error)") }
        }
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
