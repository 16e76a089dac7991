import Models

/// A measured effective length of one checkpoint, from one bundled measurement table.
public struct CheckpointMeasurement: Sendable, Equatable {
    /// The benchmark (RULER, …), from the bundled table's name.
    public let benchmark: String
    public let row: MeasuredLength

    public var effectiveLength: Int { row.measuredLength }
}

/// The bundled measurements (Examples/measurements/*.csv) of a model, matched by config identity:
/// a row matches when its config reads to the same model description (every layer with its
/// attention, spectrum parameters, window and recurrent block; the advertised and original
/// contexts; the model type and width), whatever the name or the file it came from. Two
/// checkpoints that share a config (a base and an instruct model of one release) therefore share
/// their measurements; the row's `model` says which one was measured.
public enum CheckpointMeasurements {
    /// The benchmark each bundled table comes from.
    public static func benchmark(ofTable name: String) -> String {
        switch name {
        case "ruler": return "RULER"
        case "nolima": return "NoLiMa"
        case "ruler-vendor": return "RULER (model cards)"
        default: return name
        }
    }

    /// Every bundled row with its model description (rows whose config does not load are left out:
    /// the tests check that every bundled row loads).
    static let catalog: [(CheckpointMeasurement, ModelDescription)] = {
        var out: [(CheckpointMeasurement, ModelDescription)] = []
        for name in MeasurementTable.bundledNames {
            guard let rows = try? MeasurementTable.bundled(name) else { continue }
            for row in rows {
                guard let input = try? ModelInput.load(row.config) else { continue }
                out.append((CheckpointMeasurement(benchmark: benchmark(ofTable: name), row: row), input.model))
            }
        }
        return out
    }()

    /// The bundled measurements of `model`, in table order. O(rows) comparisons.
    public static func of(_ model: ModelDescription) -> [CheckpointMeasurement] {
        catalog.filter { sameConfig($0.1, model) }.map(\.0)
    }

    /// Whether two descriptions are the same config for every purpose of this tool (all but the
    /// name and the stored dtype).
    public static func sameConfig(_ a: ModelDescription, _ b: ModelDescription) -> Bool {
        a.modelType == b.modelType && a.advertisedContext == b.advertisedContext && a.originalContext == b.originalContext
            && a.hiddenSize == b.hiddenSize && a.layers == b.layers && a.positionScheme == b.positionScheme
    }
}
