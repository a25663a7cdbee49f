import Testing
@testable import Tensors
import TestSupport

/// The fused tanh backward pass gives what the two separate passes gave, bit for bit.
struct TanhBackwardTests {
    @Test(arguments: [1, 2, 4, 5, 8, 13, 1000], [DType.float32, .float64])
    func fusedColumnSumsEqualTheSeparatePasses(rows: Int, dtype: DType) {
        var generator = SplitMix64(seed: UInt64(rows))
        let g = Tensor.randomNormal(shape: [rows, 37], dtype: dtype, using: &generator)
        let y = Tensor.randomUniform(shape: [rows, 37], in: -1..<1, dtype: dtype, using: &generator)
        let (preactivation, sums) = Tensor.tanhBackward(g, output: y, columnSums: true)
        let separate = g.zipMap(y, TanhBackward.self)
        #expect(preactivation.doubles == separate.doubles)
        #expect(sums?.shape == [37])
        #expect(sums?.doubles == separate.sum(alongAxis: 0).doubles)
        let (alone, none) = Tensor.tanhBackward(g, output: y, columnSums: false)
        #expect(alone.doubles == separate.doubles && none == nil)
    }

    @Test func preactivationGradientIsTheDerivativeOfTanh() {
        let y = Tensor(shape: [1, 3], scalars: [0, 0.5, -0.75]).converted(to: .float64)
        let g = Tensor(shape: [1, 3], scalars: [2, 1, -1]).converted(to: .float64)
        let (p, sums) = Tensor.tanhBackward(g, output: y, columnSums: true)
        #expect(p.doubles == [2, 0.75, -0.4375])
        #expect(sums?.doubles == p.doubles)
    }
}
