import Testing
import Tensors
import TestSupport

/// `Tensor.layerChain` against the same layers composed from `linear`, `tanh`, `relu` and `+`: values and every
/// gradient (input, first addend, weights, biases) to float tolerance, over widths, depths, masks and row counts that
/// are not multiples of a block or of a part; in Double against finite differences; the same bits on one thread and
/// two.
struct LayerChainTests {
    /// A chain to test: widths input first, with or without masks and a first addend.
    struct Case: Sendable, CustomTestStringConvertible {
        var widths: [Int]
        var rows: Int
        var activation: ChainActivation = .tanh
        var masked = false
        var addend = false

        var testDescription: String {
            "\(widths.map(String.init).joined(separator: "→")) × \(rows)\(activation == .relu ? " relu" : "")\(masked ? " masked" : "")\(addend ? " +addend" : "")"
        }
    }

    static let cases: [Case] = [
        Case(widths: [2, 50, 50, 50, 50, 4], rows: 1000),                 // the 2-D MAF's MADE shape (unmasked here)
        Case(widths: [2, 50, 50, 50, 50, 4], rows: 1000, masked: true),
        Case(widths: [1, 10, 10, 4], rows: 77),                            // the 2-D LGF's s, t network
        Case(widths: [2, 10, 10, 4], rows: 300, masked: true, addend: true),
        Case(widths: [3, 17, 33, 5], rows: 1, activation: .relu),
        Case(widths: [6, 128, 128, 12], rows: 611, masked: true),          // several parts, a partial block
        Case(widths: [8, 100, 70, 128, 16], rows: 2049, activation: .relu, addend: true),
        Case(widths: [5, 40, 3], rows: 0),
    ]

    /// Random weights, biases and (when asked) staircase masks and an addend, all float32 leaves.
    static func operands(_ c: Case, seed: UInt64, dtype: DType = .float32) -> (x: Tensor, layers: [Tensor.ChainLayer], addend: Tensor?) {
        var generator = testGenerator(seed)
        let x = Tensor.randomNormal(shape: [c.rows, c.widths[0]], dtype: dtype, using: &generator).requiringGradient()
        let layers = (1..<c.widths.count).map { l -> Tensor.ChainLayer in
            let inputs = c.widths[l - 1], outputs = c.widths[l], scale = 1 / Double(inputs).squareRoot()
            let weight = (Tensor.randomNormal(shape: [outputs, inputs], dtype: dtype, using: &generator) * scale).requiringGradient()
            let bias = (Tensor.randomNormal(shape: [outputs], dtype: dtype, using: &generator) * 0.3).requiringGradient()
            let mask = c.masked ? Tensor(shape: [outputs, inputs], scalars: (0..<outputs).flatMap { j in
                (0..<inputs).map { k in (k * outputs <= j * inputs) ? 1 : 0 }
            }).converted(to: dtype) : nil
            return Tensor.ChainLayer(weight: weight, mask: mask, bias: bias)
        }
        let addend = c.addend ? Tensor.randomNormal(shape: [c.rows, c.widths[1]], dtype: dtype, using: &generator).requiringGradient() : nil
        return (x, layers, addend)
    }

    /// The same function one operation per layer.
    static func composed(_ x: Tensor, _ layers: [Tensor.ChainLayer], _ activation: ChainActivation, _ addend: Tensor?) -> Tensor {
        var h = x
        for (index, layer) in layers.enumerated() {
            h = Tensor.linear(h, weight: layer.mask.map { layer.weight * $0 } ?? layer.weight, bias: layer.bias)
            if index == 0, let addend { h = h + addend }
            if index < layers.count - 1 { h = activation == .tanh ? h.tanh() : h.relu() }
        }
        return h
    }

    /// The output and the gradients of Σ y ⊙ R (R fixed) with respect to x, the addend and every weight and bias.
    static func valueAndGradients(_ c: Case, fused: Bool, seed: UInt64 = 3) -> (Tensor, [Tensor]) {
        let (x, layers, addend) = operands(c, seed: seed)
        let y = fused ? Tensor.layerChain(x, layers: layers, activation: c.activation, firstAddend: addend) : composed(x, layers, c.activation, addend)
        var generator = testGenerator(seed + 1)
        let loss = (y * Tensor.randomNormal(shape: y.shape, using: &generator)).sum()
        let targets = [x] + (addend.map { [$0] } ?? []) + layers.flatMap { [$0.weight, $0.bias] }
        return (y.detached(), loss.gradients(withRespectTo: targets))
    }

    @Test(arguments: cases)
    func valuesAndGradientsEqualTheComposedLayers(c: Case) {
        let (fusedValue, fusedGradients) = Self.valueAndGradients(c, fused: true)
        let (composedValue, composedGradients) = Self.valueAndGradients(c, fused: false)
        #expect(fusedValue.shape == composedValue.shape)
        #expect(isApproximatelyEqual(fusedValue.doubles, composedValue.doubles, tolerance: 1e-5, relative: 1e-5))
        #expect(fusedGradients.count == composedGradients.count)
        for (index, (fused, composed)) in zip(fusedGradients, composedGradients).enumerated() {
            let scale = composed.doubles.map(abs).max() ?? 0
            #expect(fused.shape == composed.shape)
            #expect(isApproximatelyEqual(fused.doubles, composed.doubles, tolerance: 1e-5 * max(1, scale), relative: 1e-4),
                    "gradient \(index): largest difference \(maximumAbsoluteDifference(fused, composed)) against a largest value \(scale)")
        }
    }

    @Test func theMaskedWeightsGradientIsZeroWhereTheMaskIs() {
        let c = Case(widths: [4, 12, 6], rows: 20, masked: true)
        let (_, layers, _) = Self.operands(c, seed: 8)
        let (_, gradients) = Self.valueAndGradients(c, fused: true, seed: 8)
        for (index, layer) in layers.enumerated() {
            let mask = layer.mask!.doubles, gradient = gradients[1 + 2 * index].doubles
            #expect(zip(mask, gradient).allSatisfy { $0 != 0 || $1 == 0 })
            #expect(zip(mask, gradient).contains { $0 != 0 && $1 != 0 })
        }
    }

    @Test(arguments: [ChainActivation.tanh, .relu])
    func doubleGradientsMatchFiniteDifferences(activation: ChainActivation) {
        let c = Case(widths: [3, 7, 18, 4], rows: 37, activation: activation, masked: true, addend: true)
        let (x, layers, addend) = Self.operands(c, seed: 11, dtype: .float64)
        let masks = layers.map(\.mask)
        let inputs = [x, addend!] + layers.flatMap { [$0.weight, $0.bias] }
        let weights = randomDoubles([c.rows, 4], seed: 12)
        let error = GradientCheck.relativeError(of: { t in
            let chain = (0..<layers.count).map { Tensor.ChainLayer(weight: t[2 + 2 * $0], mask: masks[$0], bias: t[3 + 2 * $0]) }
            return (Tensor.layerChain(t[0], layers: chain, activation: activation, firstAddend: t[1]) * weights).sum()
        }, at: inputs)
        #expect(error < 1e-6)
    }

    @Test func twoThreadsGiveTheSameBitsAsOne() {
        let c = Case(widths: [6, 64, 64, 12], rows: 3000, masked: true, addend: true)
        let (serialValue, serialGradients) = WorkerPool(threadCount: 1).withCurrent { Self.valueAndGradients(c, fused: true) }
        let (threadedValue, threadedGradients) = WorkerPool(threadCount: 2).withCurrent { Self.valueAndGradients(c, fused: true) }
        #expect(serialValue.doubles == threadedValue.doubles)
        #expect(zip(serialGradients, threadedGradients).allSatisfy { $0.doubles == $1.doubles })
    }

    /// The portable (0), AVX2 + FMA (1) and AVX-512 (2) builds of the kernel form every sum in the same order with the
    /// same fused multiply-adds: the same bits (levels above the CPU's run its own, which the equality still covers).
    @Test func everyInstructionSetBuildGivesTheSameBits() {
        let c = Case(widths: [3, 50, 10, 17, 4], rows: 130, masked: true, addend: true)
        func run(level: Int32) -> [[Double]] {
            let (x, layers, addend) = Self.operands(c, seed: 21)
            let y = Tensor.layerChain(x, layers: layers, activation: .tanh, firstAddend: addend, level: level)
            let targets = [x, addend!] + layers.flatMap { [$0.weight, $0.bias] }
            return [y.doubles] + (y * y).sum().gradients(withRespectTo: targets).map(\.doubles)
        }
        let reference = run(level: 2)
        #expect(run(level: 1) == reference)
        #expect(run(level: 0) == reference)
    }

    @Test func withoutRecordingTheResultHasNoGradientHistory() {
        let (x, layers, _) = Self.operands(Case(widths: [2, 10, 3], rows: 5), seed: 4)
        let y = withoutGradientRecording { Tensor.layerChain(x, layers: layers, activation: .tanh) }
        #expect(!y.requiresGradient)
    }
}
