import Testing
@testable import Tensors
import TestSupport

/// The float32 per-tap convolution, which runs on `CKernels`' 16-lane register tiles (`lgf_conv16_*`) on CPUs with AVX-512
/// (`DirectCorrelation`), against the direct loop forward and against the float64 route (checked by central
/// differences in `Conv2dTests`) for the input's gradient. The shapes cover whole and partial 8-row blocks, 48-column
/// tiles with and without a masked last one, 16-column tails, and 1 × 1, 3 × 3 and 5 × 5 kernels.
struct Conv2dDirectKernelTests {
    static let shapes: [(batch: Int, input: Int, output: Int, height: Int, width: Int, kernel: Int)] = [
        (2, 5, 8, 6, 7, 3), (3, 4, 13, 5, 9, 3), (1, 3, 16, 28, 28, 3), (2, 6, 8, 14, 14, 3), (1, 3, 8, 1, 1, 3),
        (2, 9, 8, 5, 6, 3), (2, 8, 12, 7, 7, 3), (1, 10, 9, 4, 5, 5), (2, 11, 17, 3, 4, 1), (1, 16, 24, 8, 8, 3), (1, 70, 8, 3, 4, 3), (2, 65, 2, 5, 5, 1),
    ]

    @Test func runsOnTheDirectKernelWhereTheCPUHasAVX512() {
        #expect(DirectCorrelation.applies(to: Float.self, rows: 8, method: .perTap) == CPUFeatures.hasAVX512)
        #expect(!DirectCorrelation.applies(to: Float.self, rows: 7, method: .perTap))
        #expect(!DirectCorrelation.applies(to: Double.self, rows: 64, method: .perTap))
        #expect(!DirectCorrelation.applies(to: Float.self, rows: 64, method: .gatheredColumns))
        let geometry = ConvolutionGeometry(batch: 1, inputChannels: 64, outputChannels: 64, height: 4, width: 4, kernelSize: 3)
        #expect((DirectWeightGradient(Float.self, geometry, method: .perTap) != nil) == CPUFeatures.hasAVX512)
        #expect(DirectWeightGradient(Double.self, geometry, method: .perTap) == nil)
    }

    @Test(arguments: shapes)
    func forwardMatchesTheDirectLoop(shape: (batch: Int, input: Int, output: Int, height: Int, width: Int, kernel: Int)) {
        let x = randomDoubles([shape.batch, shape.input, shape.height, shape.width], seed: 11)
        let weight = randomDoubles([shape.output, shape.input, shape.kernel, shape.kernel], seed: 12)
        let bias = randomDoubles([shape.output], seed: 13)
        let expected = Conv2dTests.naiveConvolution(x, weight, bias)
        let single = Tensor.conv2d(x.converted(to: .float32), weight: weight.converted(to: .float32), bias: bias.converted(to: .float32),
                                   method: .perTap)
        #expect(maximumAbsoluteDifference(single, expected) < 1e-5 * Double(shape.input * shape.kernel * shape.kernel))
    }

    @Test(arguments: shapes)
    func gradientsMatchTheDoubleRoute(shape: (batch: Int, input: Int, output: Int, height: Int, width: Int, kernel: Int)) {
        let x = randomDoubles([shape.batch, shape.input, shape.height, shape.width], seed: 21)
        let weight = randomDoubles([shape.output, shape.input, shape.kernel, shape.kernel], seed: 22)
        let direction = randomDoubles([shape.batch, shape.output, shape.height, shape.width], seed: 23)
        func gradients(_ dtype: DType) -> [Tensor] {
            let input = x.converted(to: dtype).requiringGradient(), filters = weight.converted(to: dtype).requiringGradient()
            let loss = (Tensor.conv2d(input, weight: filters, method: .perTap) * direction.converted(to: dtype)).sum()
            return loss.gradients(withRespectTo: [input, filters])
        }
        let (single, double) = (gradients(.float32), gradients(.float64))
        let tolerance = 1e-5 * Double(shape.output * shape.kernel * shape.kernel)
        #expect(maximumAbsoluteDifference(single[0], double[0]) < tolerance)
        #expect(maximumAbsoluteDifference(single[1], double[1]) < 1e-5 * Double(shape.batch * shape.height * shape.width))
    }

    @Test func resultsDoNotDependOnTheThreadCount() {
        // 32 channels each way take the direct kernels forward and for both gradients (on CPUs with AVX-512).
        var generator = testGenerator(5)
        let x = Tensor.randomNormal(shape: [9, 32, 5, 6], dtype: .float32, using: &generator).requiringGradient()
        let weight = Tensor.randomNormal(shape: [40, 32, 3, 3], dtype: .float32, using: &generator).requiringGradient()
        func run() -> [[Float]] {
            let y = Tensor.conv2d(x, weight: weight)
            let loss = (y * y).sum()
            return [y.scalars] + loss.gradients(withRespectTo: [x, weight]).map(\.scalars)
        }
        let serial = WorkerPool(threadCount: 1).withCurrent(run)
        let pool = WorkerPool(threadCount: 2)
        for _ in 0..<3 { #expect(pool.withCurrent(run) == serial) }
    }
}
