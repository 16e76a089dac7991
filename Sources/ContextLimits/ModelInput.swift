import Models
import Rotary

/// What every command analyses: a model read from a config (a file, a snapshot directory, a
/// bundled example) or bare rotary parameters, as one value.
///
/// It is the one place where a model becomes spectra: ``spectra(atContext:)`` builds the spectrum
/// of each rotary layer group at the context being analysed, with length-dependent scalings
/// (dynamic NTK, longrope) evaluated at that context, as transformers does when it runs a sequence
/// of that length. Commands never build a spectrum themselves.
public struct ModelInput: Sendable {
    /// Where the model came from.
    public enum Origin: Sendable, Equatable {
        /// A config.json (file, snapshot directory or bundled example), by the specifier given.
        case config(String)
        /// Rotary parameters given directly (`--base`, `--head-dim`, …).
        case parameters
    }

    public let model: ModelDescription
    public let origin: Origin
    /// The config as read (nil for bare parameters): what lint, the serving stacks and `fix` read.
    public let document: ConfigDocument?

    public init(model: ModelDescription, origin: Origin, document: ConfigDocument? = nil) {
        self.model = model
        self.origin = origin
        self.document = document
    }

    /// Reads a config: a config.json path, a directory holding one, or a bundled example.
    public static func load(_ specifier: String) throws(ConfigError) -> ModelInput {
        let document = try ConfigSource.document(specifier)
        let model = try document.model()
        try RecurrentReport.checkStateSize(model)
        return ModelInput(model: model, origin: .config(specifier), document: document)
    }

    /// The same model with the rotary configuration of some layers replaced: what `fix` evaluates.
    public func replacingRotary(_ replace: (RotaryConfiguration) -> RotaryConfiguration?) -> ModelInput {
        var model = self.model
        for i in model.layers.indices {
            if let rotary = model.layers[i].attention?.rotary, let new = replace(rotary) { model.layers[i].attention!.rotary = new }
        }
        return ModelInput(model: model, origin: origin, document: document)
    }

    /// A model of `layers` full-attention layers with one rotary configuration: what bare
    /// parameters stand for. `context` becomes the advertised context.
    public init(parameters rotary: RotaryConfiguration, layers: Int = 1, context: Int? = nil) {
        precondition(layers >= 1, "a model needs at least one layer")
        let attention = AttentionLayer(kind: .full, rotary: rotary, window: nil, heads: 1, kvHeads: 1, headDim: rotary.headDim)
        let model = ModelDescription(name: "parameters", modelType: nil, dtypeName: nil, dtype: nil, advertisedContext: context,
                                     originalContext: rotary.scaling.originalMaxPositionEmbeddings, hiddenSize: nil,
                                     layers: Array(repeating: LayerDescription(attention: attention), count: layers),
                                     positionScheme: .rope)
        self.init(model: model, origin: .parameters)
    }

    public var name: String { model.name }

    /// The attention layer groups that rotate positions, in order of first appearance.
    public var rotaryGroups: [AttentionGroup] { model.attentionGroups.filter { $0.attention.rotary != nil } }

    /// N: the number of layers that apply RoPE (NoPE layers and recurrent layers excluded), at least 1.
    public var depth: Int { max(1, model.rotaryLayerCount) }

    /// The spectrum of every rotary layer group at context L.
    ///
    /// - Complexity: O(d) per group.
    /// - Throws: ``RotaryError`` if a configuration has no spectrum at L (L < 1).
    public func spectra(atContext L: Int) throws(RotaryError) -> [GroupSpectrum] {
        var out: [GroupSpectrum] = []
        for group in rotaryGroups {
            let rotary = group.attention.rotary!
            out.append(GroupSpectrum(group: group, rotary: rotary, context: L, spectrum: try rotary.spectrum(sequenceLength: L)))
        }
        return out
    }

    /// The spectrum at L of the rotary group with the most layers (the first on ties): the one that
    /// single-spectrum analyses (erasure, locality, the score spectrum) use. nil without rotary layers.
    public func dominantSpectrum(atContext L: Int) throws(RotaryError) -> GroupSpectrum? {
        GroupSpectrum.dominant(try spectra(atContext: L))
    }
}

/// One rotary layer group and its spectrum at a context.
public struct GroupSpectrum: Sendable, Equatable {
    public let group: AttentionGroup
    public let rotary: RotaryConfiguration
    /// The context (sequence length) the spectrum was evaluated at.
    public let context: Int
    public let spectrum: RotarySpectrum

    /// The group with the most layers among `spectra` (the first on ties): the one single-spectrum
    /// analyses use. nil when `spectra` is empty. O(groups).
    public static func dominant(_ spectra: [GroupSpectrum]) -> GroupSpectrum? {
        spectra.enumerated().max { a, b in
            (a.element.group.layers.count, -a.offset) < (b.element.group.layers.count, -b.offset)
        }?.element
    }

    /// "full_attention", "sliding_attention (window 4096)", …
    public var label: String { group.label }
    /// The layer indices of the group.
    public var layers: [Int] { group.layers }
    /// The window or chunk of the group's layers, nil for full attention.
    public var window: Int? { group.attention.window }
    /// The tokens a layer of the group attends over at this context: min(L, window).
    public var span: Int { min(context, window ?? context) }

    /// The same base and rotary dimension without scaling (θ_k = b^{−2k/d} over the spectrum's own
    /// d, which is the head dimension for `proportional`): what the scaling is measured against.
    public var unscaled: RotarySpectrum { RotarySpectrum.standard(base: rotary.base, rotaryDim: spectrum.rotaryDim) }
}
