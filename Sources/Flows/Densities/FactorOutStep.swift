import Foundation
import Tensors
import Networks

/// The multiscale split of Real NVP (Dinh et al., ICLR 2017, §3.6; cif's `SplitDensity`): of the D features
/// reaching it, the first `keptCount` go on through the rest of the flow and the others are modelled at once
/// by N(0, I), adding log N(z_out; 0, I) to log p. On flattened images (channels contiguous) keeping the first
/// half of the features keeps the first half of the channels, as the reference code's `z.chunk(2, dim=1)`.
/// Generation draws the factored-out features from N(0, I) and appends them.
public final class FactorOutStep: Layer {
    /// D, the features reaching the step.
    public let featureCount: Int
    /// The features that go on.
    public let keptCount: Int
    private let factoredOut: StandardNormalDensity

    /// - Precondition: 0 < keptCount < featureCount.
    public init(featureCount: Int, keptCount: Int) {
        require(keptCount > 0 && keptCount < featureCount, "FactorOutStep: keeps \(keptCount) of \(featureCount) features; it must keep some and factor out some")
        self.featureCount = featureCount
        self.keptCount = keptCount
        factoredOut = StandardNormalDensity(dimension: featureCount - keptCount)
    }

    /// Half the channels of an image of `shape` (an even number of channels).
    public convenience init(halfTheChannelsOf shape: ImageShape) {
        require(shape.channels % 2 == 0, "FactorOutStep: needs an even number of channels, got \(shape)")
        self.init(featureCount: shape.featureCount, keptCount: shape.featureCount / 2)
    }

    /// The kept features `[batch, keptCount]` and log N(z_out; 0, I) `[batch]`.
    public func forward(_ z: Tensor) -> (kept: Tensor, logProb: Tensor) {
        (z.slicingColumns(0..<keptCount), factoredOut.logProb(z.slicingColumns(keptCount..<featureCount)))
    }

    /// The kept features with fresh N(0, I) draws appended, `[batch, featureCount]`.
    public func inverse(_ kept: Tensor, using generator: inout some RandomNumberGenerator) -> Tensor {
        let drawn = factoredOut.sample(count: kept.shape[0], dtype: kept.dtype, using: &generator)
        return Tensor.concatenatingColumns([kept, drawn])
    }
}
