import Models

/// One number per bundled config, the same in every figure that numbers models (feasibility,
/// case-study, finite-window-mmax, validation) and in the README's case-study table: the config's
/// place in the name-sorted list of bundled configs (`ctxlimits check --list`), from 1.
enum ModelNumbering {
    static let global: [String: Int] = Dictionary(uniqueKeysWithValues: ConfigSource.bundledNames.enumerated().map { ($1, $0 + 1) })

    /// The numbering of a figure whose point labels are `labels`, each the label of a config
    /// (nil: a label that is not a bundled config, numbered after them).
    static func numbering(_ labels: [(label: String, config: String?)]) -> [String: Int] {
        var out: [String: Int] = [:]
        for l in labels { if let c = l.config, let n = global[c] { out[l.label] = n } }
        return out
    }
}
