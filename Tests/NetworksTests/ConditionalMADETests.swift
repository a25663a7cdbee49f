import Testing
import Tensors
import Networks
import TestSupport

/// A MADE with a context: nflows' wiring of the first hidden layer, autoregressive structure in x for every context,
/// and gradients through the context's layer.
struct ConditionalMADETests {
    static let featureCount = 4, contextCount = 3

    static func made(seed: UInt64, activation: Activation = .tanh) -> MADE {
        var g = SplitMix64(seed: seed)
        let made = MADE(featureCount: featureCount, hiddenCounts: [9, 7], contextCount: contextCount, activation: activation, using: &g)
        made.convert(to: .float64)
        return made
    }

    /// h₁ = act(M₁x + b₁ + act(W_c c + b_c)), later layers as without a context (nflows' `MADE.forward` with feedforward
    /// blocks), written out from the weights.
    @Test(arguments: Activation.allCases)
    func firstHiddenLayerAddsTheActivatedContextTerm(activation: Activation) {
        let made = Self.made(seed: 1, activation: activation)
        let x = randomDoubles([5, Self.featureCount], seed: 2), c = randomDoubles([5, Self.contextCount], seed: 3) * 2
        func masked(_ layer: MaskedLinear, _ input: Tensor) -> Tensor {
            Tensor.linear(input, weight: layer.weight.value * layer.mask.value, bias: layer.bias.value)
        }
        guard let context = made.context else { Issue.record("no context layer"); return }
        let term = activation(Tensor.linear(c, weight: context.weight.value, bias: context.bias?.value))
        var h = activation(masked(made.layers[0], x) + term)
        h = activation(masked(made.layers[1], h))
        let expected = masked(made.layers[2], h)
        #expect(maximumAbsoluteDifference(made.output(x, context: c), expected) < 1e-13)
        #expect(made.contextCount == Self.contextCount && context.outputCount == 9)
        #expect(made.namedState.map(\.name).suffix(2) == ["context.weight", "context.bias"])
    }

    /// For every context: output i of each head has zero derivative with respect to x_j, j ≥ i, and the outputs after the
    /// first depend on c (the first has no hidden unit below its degree, as in nflows, so it is a constant).
    @Test func autoregressiveInXForEveryContext() {
        let made = Self.made(seed: 4)
        let d = Self.featureCount
        let x = randomDoubles([1, d], seed: 5).doubles
        for row in 0..<4 {
            let c = (randomDoubles([4, Self.contextCount], seed: 6) * Double(row + 1)).doubles[(row * Self.contextCount)..<((row + 1) * Self.contextCount)]
            let context = Tensor(shape: [1, Self.contextCount], doubles: Array(c))
            let inX = NumericalJacobian.jacobian(of: { made.output(Tensor(shape: [1, d], doubles: $0), context: context).doubles }, at: x)
            let inC = NumericalJacobian.jacobian(of: { made.output(Tensor(shape: [1, d], doubles: x), context: Tensor(shape: [1, Self.contextCount], doubles: $0)).doubles },
                                                 at: Array(c))
            for output in 0..<(2 * d) {
                let i = output % d
                for j in i..<d { #expect(inX[output][j] == 0, "context \(row): output \(output) depends on x_\(j)") }
                #expect(i == 0 ? inC[output].allSatisfy { $0 == 0 } : inC[output].contains { abs($0) > 1e-8 }, "context \(row), output \(output): \(inC[output])")
            }
        }
    }

    /// Gradients with respect to every weight (the context layer's among them) and to c, against central differences.
    @Test func gradientsMatchFiniteDifferences() {
        let made = Self.made(seed: 7)
        let x = randomDoubles([3, Self.featureCount], seed: 8)
        let c = Parameter(name: "c", value: randomDoubles([3, Self.contextCount], seed: 9))
        let error = GradientCheck.relativeError(of: { (made.output(x, context: c.value).squared() * 0.5).sum() }, parameters: made.parameters + [c])
        #expect(error < 1e-6, "relative error \(error)")
    }

    /// Without a context the MADE draws, holds and names exactly what it did before contexts existed.
    @Test func withoutAContextNothingChanges() {
        var a = SplitMix64(seed: 10), b = SplitMix64(seed: 10)
        let plain = MADE(featureCount: 3, hiddenCounts: [5], using: &a)
        let conditional = MADE(featureCount: 3, hiddenCounts: [5], contextCount: 2, using: &b)
        #expect(plain.context == nil && plain.contextCount == 0 && plain.sublayerNames == ["layers.0", "layers.1"])
        for (p, q) in zip(plain.parameters, conditional.parameters) { #expect(p.value.doubles == q.value.doubles) }
        #expect(conditional.parameterCount == plain.parameterCount + 2 * 5 + 5)
    }
}
