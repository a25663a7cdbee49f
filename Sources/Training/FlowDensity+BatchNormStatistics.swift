import Tensors
import Networks
import Flows

extension FlowDensity {
    /// The most training rows that batch-norm statistics are recomputed from (evenly spaced when there are more).
    public static let batchNormSampleLimit = 50_000

    /// Sets every batch-norm layer's running mean and variance to the statistics of `data` as it flows through
    /// the model, layer after layer: one forward pass in training mode with momentum 1, so each layer sees the
    /// output of the layers before it normalised by their new statistics. Leaves the model in evaluation mode.
    ///
    /// Draws of u (LGFs with batch norm) come from a generator of their own, so the training's random stream is
    /// untouched and a resumed run still repeats an uninterrupted one.
    /// - Parameters:
    ///   - data: `[rows, dimension]`; at most `batchNormSampleLimit` evenly spaced rows are used.
    ///   - context: the rows' contexts `[rows, C]` for a conditional density, `nil` otherwise.
    public func recomputeBatchNormStatistics(from data: Tensor, context: Tensor? = nil) {
        let layers = Self.batchNormLayers(in: self)
        guard !layers.isEmpty else { return }
        let rowCount = data.shape[0]
        let kept = (0..<Self.batchNormSampleLimit).map { $0 * rowCount / Self.batchNormSampleLimit }
        let sample = rowCount <= Self.batchNormSampleLimit ? data : data.gatheringRows(kept)
        let sampleContext = rowCount <= Self.batchNormSampleLimit ? context : context?.gatheringRows(kept)
        let momenta = layers.map(\.momentum)
        for layer in layers { layer.momentum = 1 }
        setMode(.training)
        withoutGradientRecording {
            var generator = SplitMix64(seed: 0)
            _ = elboTerms(sample, context: sampleContext, using: &generator)
        }
        for (layer, momentum) in zip(layers, momenta) { layer.momentum = momentum }
        setMode(.evaluation)
    }

    static func batchNormLayers(in layer: any Layer) -> [BatchNormBijection] {
        ((layer as? BatchNormBijection).map { [$0] } ?? []) + layer.sublayers.flatMap { batchNormLayers(in: $0) }
    }
}
