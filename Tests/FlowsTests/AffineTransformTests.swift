import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// The three affine layers, now uses of the generic coupling and autoregressive bijections, compute exactly (bit for
/// bit, in float32) the closed forms they computed as separate classes, from their networks' outputs in the order
/// their checkpoints hold them: MAF (μ, α), flat Real NVP (t, s), image couplings (s, t).
struct AffineTransformTests {
    @Test func madeLayerIsTheMAFFormula() {
        var g = SplitMix64(seed: 1)
        let layer = AffineAutoregressiveBijection(featureCount: 3, hiddenCounts: [6, 6], using: &g)
        let x = Tensor.randomNormal(shape: [5, 3], using: &g)
        let heads = layer.made(x)
        let (z, logAbsDet) = layer.forward(x)
        #expect(z.scalars == ((x - heads[0]) * (-heads[1]).exp()).scalars)
        #expect(logAbsDet.scalars == (-heads[1].sum(alongAxis: 1)).scalars)
        #expect(layer.sublayerNames == ["made"] && layer.architecture == "MADE 6×6")
    }

    @Test func flatCouplingIsRealNVPWithShiftThenLogScale() {
        var g = SplitMix64(seed: 2)
        let bound = LogScaleBound(limit: 2)
        let layer = AffineCouplingBijection(featureCount: 5, transformsSecondHalf: false, hiddenCounts: [7], indexCount: 1, logScaleBound: bound, using: &g)
        let x = Tensor.randomNormal(shape: [4, 5], using: &g), u = Tensor.randomNormal(shape: [4, 1], using: &g)
        let coupler = layer.conditioner
        // x_b is the first ⌊5/2⌋ = 2 features; the coupler sees x_a = features 2…4 and u.
        let output = coupler(Tensor.concatenatingColumns([x.slicingColumns(2..<5), u]))
        let shift = output.slicingColumns(0..<2), logScale = bound(output.slicingColumns(2..<4))
        let (z, logAbsDet) = layer.forward(x, index: u)
        #expect(z.slicingColumns(0..<2).scalars == (x.slicingColumns(0..<2) * logScale.exp() + shift).scalars)
        #expect(z.slicingColumns(2..<5).scalars == x.slicingColumns(2..<5).scalars)
        #expect(logAbsDet.scalars == logScale.sum(alongAxis: 1).scalars)
        #expect(layer.sublayerNames == ["coupler"])
    }

    @Test func checkerboardCouplingIsRealNVPWithLogScaleThenShift() {
        var g = SplitMix64(seed: 3)
        let shape = ImageShape(channels: 1, height: 2, width: 2)
        let partition = CouplingPartition.checkerboard(shape, parity: 0)
        let layer = MaskedAffineCouplingBijection(partition: partition, conditioner: MLP(inputCount: 4, hiddenCounts: [5], outputCount: 8, using: &g))
        let x = Tensor.randomNormal(shape: [3, 4], using: &g)
        let pass = Tensor(shape: [4], scalars: [1, 0, 0, 1]), changed = 1.0 - pass
        let output = layer.conditioner(x * pass)
        let logScale = output.slicingColumns(0..<4) * changed, shift = output.slicingColumns(4..<8) * changed
        let (z, logAbsDet) = layer.forward(x)
        #expect(z.scalars == (x * logScale.exp() + shift).scalars)
        #expect(logAbsDet.scalars == logScale.sum(alongAxis: 1).scalars)
        #expect(layer.sublayerNames == ["conditioner"] && layer.architecture.hasPrefix("affine coupling (checkerboard)"))
    }
}
