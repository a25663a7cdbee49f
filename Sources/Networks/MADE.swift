import Tensors

/// A masked autoencoder for distribution estimation (Germain et al., *MADE*, ICML 2015,
/// arXiv:1502.03509) with two output heads, as MAF uses it (Papamakarios et al., *Masked Autoregressive
/// Flow for Density Estimation*, NeurIPS 2017, arXiv:1705.07057): output i of each head depends only on
/// inputs 1…i−1 (in degree order).
///
/// Degrees (as in the MAF code, which Cornish et al. 2020 use): inputs 1…D; a hidden layer of width H has the degrees `k mod (D−1) + 1` for
/// k = 0…H−1; a hidden connection exists when the unit's degree ≥ the source's; output i (degree i, 1-based)
/// connects to hidden units of degree < i. Hidden layers use tanh (or ReLU) as in `MLP`.
///
/// The hidden units are stored in ascending order of degree: the same degrees as the reference's, given to
/// the units in another order. Hidden units are exchangeable (their weights are drawn i.i.d.), so this is the
/// same model and the same initial distribution; but every mask becomes a staircase (each unit reads a prefix of
/// the units below it), whose zero half the masked products skip (`MaskBlocks`).
///
/// With a context c (`contextCount` > 0) the first hidden layer is nflows' `MADE(context_features=…)` with feedforward
/// blocks: an unmasked `Linear` from c to the first hidden width is passed through the activation and added to the
/// masked layer's pre-activation, h₁ = act(M₁x + b₁ + act(W_c c + b_c)), so every first hidden unit, and through it
/// every output, sees all of c while output i still sees only x_{<i}. Its weights are nflows' `context_layer`.
///
/// A float32 MADE whose every width is at most 128 runs its masked layers as one fused operation, `Tensor.layerChain`
/// with the masked weights W ⊙ M and the context's term added to the first layer (see `LayerFusion`); others run layer
/// by layer, skipping the masks' zero blocks.
public final class MADE: Layer {
    public let layers: [MaskedLinear]
    /// The map from the context to the first hidden layer (nflows' `context_layer`); `nil` without a context.
    public let context: Linear?
    public let activation: Activation
    /// D, the number of inputs (and of outputs per head).
    public let featureCount: Int
    /// How many outputs each input position has (2: mean and log-scale).
    public let headCount: Int
    public var sublayers: [any Layer] { layers + (context.map { [$0] } ?? []) }
    public var sublayerNames: [String] { layers.indices.map { "layers.\($0)" } + (context == nil ? [] : ["context"]) }

    /// - Parameter contextCount: the width of the context c every first hidden unit sees (0: none). Its weights are
    ///   drawn after the masked layers', so a MADE without a context draws exactly what it always has.
    /// - Precondition: `featureCount ≥ 2` and every hidden width ≥ `featureCount − 1` so every degree
    ///   appears; callers validate user configurations before building (see `FlowConfigurationError`).
    public init(featureCount: Int, hiddenCounts: [Int], headCount: Int = 2, contextCount: Int = 0, activation: Activation = .tanh,
                using generator: inout some RandomNumberGenerator) {
        require(featureCount >= 2, "MADE: needs at least 2 features, got \(featureCount)")
        require(!hiddenCounts.isEmpty, "MADE: needs at least one hidden layer")
        require(contextCount >= 0, "MADE: a context width cannot be negative, got \(contextCount)")
        let masks = MADE.masks(featureCount: featureCount, hiddenCounts: hiddenCounts, headCount: headCount)
        layers = masks.map { MaskedLinear(mask: $0, using: &generator) }
        context = contextCount > 0 ? Linear(inputCount: contextCount, outputCount: hiddenCounts[0], using: &generator) : nil
        self.activation = activation
        self.featureCount = featureCount
        self.headCount = headCount
        maskedWorkFraction = Self.maskedWorkFraction(of: layers)
    }

    /// The width of the context c (0 for an unconditional MADE).
    public var contextCount: Int { context?.inputCount ?? 0 }

    /// The input degrees 1…D and the hidden degrees of each layer, in ascending order.
    public static func degrees(featureCount: Int, hiddenCounts: [Int]) -> [[Int]] {
        [Array(1...featureCount)] + hiddenCounts.map { width in (0..<width).map { $0 % (featureCount - 1) + 1 }.sorted() }
    }

    /// The binary masks `[out, in]` of every layer, hidden layers first, then the output layer whose rows
    /// are `headCount` copies of degrees 1…D.
    public static func masks(featureCount: Int, hiddenCounts: [Int], headCount: Int) -> [Tensor] {
        let degrees = MADE.degrees(featureCount: featureCount, hiddenCounts: hiddenCounts)
        var masks: [Tensor] = []
        for layer in 1..<degrees.count {
            let source = degrees[layer - 1], target = degrees[layer]
            masks.append(Tensor(shape: [target.count, source.count], scalars: target.flatMap { t in source.map { s in t >= s ? 1 : 0 } }))
        }
        let outputs = (0..<headCount).flatMap { _ in Array(1...featureCount) }
        let last = degrees[degrees.count - 1]
        masks.append(Tensor(shape: [outputs.count, last.count], scalars: outputs.flatMap { t in last.map { s in t > s ? 1 : 0 } }))
        return masks
    }

    /// - Parameters:
    ///   - x: `[batch, D]`.
    ///   - context: c, `[batch, contextCount]`; required when the MADE has a context, ignored otherwise.
    /// - Returns: the heads, each `[batch, D]`.
    public func callAsFunction(_ x: Tensor, context: Tensor? = nil) -> [Tensor] {
        let h = output(x, context: context)
        return (0..<headCount).map { h.slicingColumns(($0 * featureCount)..<(($0 + 1) * featureCount)) }
    }

    /// The output layer's values, the heads side by side: column h·D + i is output i of head h.
    /// - Parameters:
    ///   - x: `[batch, D]`.
    ///   - context: c, `[batch, contextCount]`; required when the MADE has a context, ignored otherwise.
    /// - Returns: `[batch, headCount · D]`.
    public func output(_ x: Tensor, context: Tensor? = nil) -> Tensor {
        output(x, contextTerm: contextTerm(context))
    }

    /// act(W_c c + b_c), what the context adds to the first hidden layer's pre-activation, `[batch, H₁]`; `nil` for a
    /// MADE without a context. It does not depend on x, so the D passes of an autoregressive inverse compute it once.
    /// - Parameter context: `[batch, contextCount]`; required when the MADE has a context, ignored otherwise.
    public func contextTerm(_ context: Tensor?) -> Tensor? {
        guard let layer = self.context else { return nil }
        guard let context else { requirementFailure("MADE: the first hidden layer sees a context of width \(contextCount), none was given") }
        require(context.rank == 2 && context.shape[1] == contextCount, "MADE: context of shape \(context.shape), expected [batch, \(contextCount)]")
        return activation(layer(context))
    }

    /// `output(_:context:)` with the context's term (`contextTerm(_:)`) already computed.
    public func output(_ x: Tensor, contextTerm: Tensor?) -> Tensor {
        usesLayerChain(for: x) ? fusedOutput(x, contextTerm: contextTerm) : composedOutput(x, contextTerm: contextTerm)
    }

    /// Whether `output` runs the masked layers as one `Tensor.layerChain` (see `LayerFusion`): when `LayerFusion` allows
    /// it for these widths and the masks' zero blocks would spare the composed layers less than a tenth of the work
    /// (`maskedWorkFraction` ≥ 0.9). The fused path multiplies every masked weight, zeros included; where the staircase
    /// masks leave out much of each product (D = 6 with two 128-wide hidden layers, about half) it measured 12 % slower
    /// than the strip-wise products, while the 2-D models' MADEs (D = 2, 0.98) run as fast or faster fused.
    public func usesLayerChain(for x: Tensor) -> Bool {
        LayerFusion.fuses(widths: [featureCount] + layers.map { $0.weight.shape[0] }, dtype: x.dtype) && maskedWorkFraction >= 0.9
    }

    /// The share of the dense products' multiply-adds that the strip-wise products (`MaskBlocks`) perform, over all
    /// layers: fixed by the masks, so computed once, not on every forward pass.
    public let maskedWorkFraction: Double

    private static func maskedWorkFraction(of layers: [MaskedLinear]) -> Double {
        var strips = 0.0, dense = 0.0
        for layer in layers {
            let size = Double(layer.weight.shape[0] * layer.weight.shape[1])
            strips += layer.maskBlocks.rowWorkFraction * size
            dense += size
        }
        return dense > 0 ? strips / dense : 1
    }

    /// `output(_:contextTerm:)` as one fused operation, `Tensor.layerChain`, the context's term added to the first
    /// layer's pre-activation.
    public func fusedOutput(_ x: Tensor, contextTerm: Tensor?) -> Tensor {
        let chain = layers.map { Tensor.ChainLayer(weight: $0.weight.value, mask: $0.mask.value, bias: $0.bias.value) }
        return Tensor.layerChain(x, layers: chain, activation: activation.chainActivation, firstAddend: contextTerm)
    }

    /// `output(_:contextTerm:)` one layer at a time.
    public func composedOutput(_ x: Tensor, contextTerm: Tensor?) -> Tensor {
        var h = x
        for (index, layer) in layers.enumerated() {
            if index == layers.count - 1 {
                h = layer(h)
            } else if index == 0, let contextTerm {
                h = activation(layer(h) + contextTerm)
            } else {
                h = activation == .tanh ? layer.tanh(h) : activation(layer(h))
            }
        }
        return h
    }
}
