import Testing
import Networks
import Tensors
import TestSupport

/// `MLP` and `MADE` give the same values and gradients on their fused path (`Tensor.layerChain`) as one layer at a
/// time, and choose the fused path exactly for float32 networks of widths ≤ 128 unless `LayerFusion` says off.
struct LayerFusionTests {
    /// The value and the gradients of Σ y ⊙ R with respect to `inputs` and every parameter of `layer`.
    static func valueAndGradients(_ layer: some Layer, inputs: [Tensor], seed: UInt64, _ forward: ([Tensor]) -> Tensor) -> [[Double]] {
        let y = forward(inputs)
        var generator = testGenerator(seed)
        let loss = (y * Tensor.randomNormal(shape: y.shape, using: &generator)).sum()
        return [y.doubles] + loss.gradients(withRespectTo: inputs + layer.parameters.map(\.value)).map(\.doubles)
    }

    static func expectClose(_ fused: [[Double]], _ composed: [[Double]]) {
        #expect(fused.count == composed.count)
        for (index, (a, b)) in zip(fused, composed).enumerated() {
            let scale = b.map(abs).max() ?? 0
            #expect(isApproximatelyEqual(a, b, tolerance: 1e-5 * max(1, scale), relative: 1e-4), "value or gradient \(index) differs")
        }
    }

    @Test(arguments: [(Activation.tanh, 1000), (.tanh, 37), (.relu, 300)])
    func anMLPsFusedPathEqualsItsLayers(activation: Activation, rows: Int) {
        var generator = testGenerator(1)
        let mlp = MLP(inputCount: 2, hiddenCounts: [50, 50, 50, 50], outputCount: 4, activation: activation, using: &generator)
        let x = Tensor.randomNormal(shape: [rows, 2], using: &generator).requiringGradient()
        #expect(mlp.usesLayerChain(for: x))
        let fused = Self.valueAndGradients(mlp, inputs: [x], seed: 2) { mlp.fused($0[0]) }
        let composed = Self.valueAndGradients(mlp, inputs: [x], seed: 2) { mlp.composed($0[0]) }
        Self.expectClose(fused, composed)
        #expect(Self.valueAndGradients(mlp, inputs: [x], seed: 2) { mlp($0[0]) } == fused)
    }

    @Test(arguments: [0, 3])
    func aMADEsFusedPathEqualsItsLayers(contextCount: Int) {
        var generator = testGenerator(4)
        for (featureCount, hidden, rows) in [(2, [50, 50, 50, 50], 1000), (5, [10, 20], 129), (6, [100, 100], 260)] {
            let made = MADE(featureCount: featureCount, hiddenCounts: hidden, contextCount: contextCount, using: &generator)
            let x = Tensor.randomNormal(shape: [rows, featureCount], using: &generator).requiringGradient()
            let c = Tensor.randomNormal(shape: [rows, max(contextCount, 1)], using: &generator).requiringGradient()
            let inputs = contextCount > 0 ? [x, c] : [x]
            #expect(made.usesLayerChain(for: x) == (made.maskedWorkFraction >= 0.9))
            func context(_ t: [Tensor]) -> Tensor? { contextCount > 0 ? made.contextTerm(t[1]) : nil }
            let fused = Self.valueAndGradients(made, inputs: inputs, seed: 5) { made.fusedOutput($0[0], contextTerm: context($0)) }
            let composed = Self.valueAndGradients(made, inputs: inputs, seed: 5) { made.composedOutput($0[0], contextTerm: context($0)) }
            Self.expectClose(fused, composed)
        }
    }

    @Test func theFusedPathIsChosenForNarrowFloatNetworksOnly() {
        var generator = testGenerator(6)
        let narrow = MLP(inputCount: 2, hiddenCounts: [128, 128], outputCount: 4, using: &generator)
        let wide = MLP(inputCount: 2, hiddenCounts: [129], outputCount: 4, using: &generator)
        let affine = MLP(inputCount: 2, hiddenCounts: [], outputCount: 4, using: &generator)
        let made = MADE(featureCount: 43, hiddenCounts: [512, 512], using: &generator)
        let x = Tensor(zeros: [3, 2]), doubleX = Tensor(zeros: [3, 2], dtype: .float64)
        #expect(narrow.usesLayerChain(for: x) && !narrow.usesLayerChain(for: doubleX))
        #expect(!wide.usesLayerChain(for: x) && !affine.usesLayerChain(for: x))
        #expect(!made.usesLayerChain(for: Tensor(zeros: [3, 43])))
        // The 2-D MADE's masks are nearly dense; a D = 6 staircase leaves out about half of each product.
        let planar = MADE(featureCount: 2, hiddenCounts: [50, 50, 50, 50], using: &generator)
        let staircase = MADE(featureCount: 6, hiddenCounts: [128, 128], using: &generator)
        #expect(planar.maskedWorkFraction > 0.95 && planar.usesLayerChain(for: x))
        #expect(staircase.maskedWorkFraction < 0.9 && !staircase.usesLayerChain(for: Tensor(zeros: [3, 6])))
        LayerFusion.with(.off) { #expect(!narrow.usesLayerChain(for: x)) }
        // bf16 products run on the composed layers' bf16 kernel: the fused chain is float32 only.
        ProductPrecision.with(.bf16) { #expect(!narrow.usesLayerChain(for: x) && !planar.usesLayerChain(for: x)) }
    }

    @Test func parameterCountsDoNotDependOnThePath() {
        var generator = testGenerator(7)
        let mlp = MLP(inputCount: 2, hiddenCounts: [50, 50, 50, 50], outputCount: 4, using: &generator)
        let made = MADE(featureCount: 2, hiddenCounts: [50, 50, 50, 50], using: &generator)
        // 2·50+50 + 3·(50·50+50) + 50·4+4 = 8,004 for both (the MADE's masked weights are still parameters).
        #expect(mlp.parameterCount == 8_004 && made.parameterCount == 8_004)
    }
}
