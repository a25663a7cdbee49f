import Testing
import Tensors

/// Sums over no elements are 0, as in PyTorch (`torch.zeros(0).sum()`), in either precision and for any empty shape.
struct EmptyReductionTests {
    @Test(arguments: [[0], [0, 3], [3, 0], [2, 0, 4]])
    func sumOfAnEmptyTensorIsZero(shape: [Int]) {
        for dtype in [DType.float32, .float64] {
            let empty = Tensor(zeros: Shape(shape), dtype: dtype)
            #expect(empty.sum().shape == [])
            #expect(empty.sum().item == 0)
            #expect(empty.mean().item == 0)
        }
    }

    @Test func sumAlongAnEmptyAxisIsZeroForEveryOtherIndex() {
        let x = Tensor(zeros: [3, 0], dtype: .float32)
        #expect(x.sum(alongAxis: 1).scalars == [0, 0, 0])
        #expect(x.sum(alongAxis: 0).shape == [0])
    }

    @Test func gradientOfAnEmptySumIsEmpty() {
        let x = Tensor(zeros: [0, 2], dtype: .float64).requiringGradient()
        let gradients = x.sum().gradients(withRespectTo: [x])
        #expect(gradients[0].shape == [0, 2])
    }
}
