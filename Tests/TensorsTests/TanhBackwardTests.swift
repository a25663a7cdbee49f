import Testing
@testable import Tensors
import TestSupport

/// The fused tanh backward pass gives what the two separate passes gave, bit for bit.
struct TanhBackwardTests {
    @Test(arguments: [(1, 37), (2, 37), (5, 70), (8, 70), (13, 77), (1000, 77), (1000, 128)], [DType.float32, .float64])
    func fusedColumnSumsEqualTheSeparatePasses(size: (rows: Int, columns: Int), dtype: DType) {
        let (rows, columns) = size
        var generator = SplitMix64(seed: UInt64(rows))
        let g = Tensor.randomNormal(shape: [rows, columns], dtype: dtype, using: &generator)
        let y = Tensor.randomUniform(shape: [rows, columns], in: -1..<1, dtype: dtype, using: &generator)
        let (preactivation, sums) = Tensor.tanhBackward(g, output: y, columnSums: true)
        let separate = g.zipMap(y, TanhBackward.self)
        #expect(preactivation.doubles == separate.doubles)
        #expect(sums?.shape == [columns])
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
