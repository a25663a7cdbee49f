import Testing
import Tensors
import TestSupport

/// `Tensor.conv2d` against a direct loop (padded border included), by central differences, and across thread counts.
struct Conv2dTests {
    /// y[n, o, h, w] = b[o] + Σ W[o, i, kh, kw] · x[n, i, h + kh − p, w + kw − p], zero outside the image.
    static func naiveConvolution(_ x: Tensor, _ weight: Tensor, _ bias: Tensor?) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, k) = (weight.shape[0], weight.shape[2])
        let p = (k - 1) / 2, xs = x.doubles, ws = weight.doubles, bs = bias?.doubles
        var y = [Double](repeating: 0, count: n * o * h * w)
        for image in 0..<n {
            for out in 0..<o {
                for row in 0..<h {
                    for column in 0..<w {
                        var total = bs?[out] ?? 0
                        for channel in 0..<c {
                            for kh in 0..<k {
                                for kw in 0..<k {
                                    let r = row + kh - p, s = column + kw - p
                                    guard r >= 0 && r < h && s >= 0 && s < w else { continue }
                                    total += ws[((out * c + channel) * k + kh) * k + kw] * xs[((image * c + channel) * h + r) * w + s]
                                }
                            }
                        }
                        y[((image * o + out) * h + row) * w + column] = total
                    }
                }
            }
        }
        return Tensor(shape: [n, o, h, w], doubles: y)
    }

    @Test(arguments: [
        // (batch, in, out, height, width, kernel)
        (2, 3, 4, 5, 4, 3), (3, 1, 5, 4, 6, 3), (2, 33, 3, 6, 5, 3), (5, 2, 40, 3, 3, 3), (2, 4, 3, 5, 4, 1), (3, 34, 2, 4, 3, 1),
        (1, 2, 2, 1, 1, 3), (2, 2, 3, 7, 7, 5),
    ] as [(Int, Int, Int, Int, Int, Int)])
    func matchesTheDirectLoop(batch: Int, input: Int, output: Int, height: Int, width: Int, kernel: Int) {
        let x = randomDoubles([batch, input, height, width], seed: 1)
        let weight = randomDoubles([output, input, kernel, kernel], seed: 2), bias = randomDoubles([output], seed: 3)
        let expected = Self.naiveConvolution(x, weight, bias)
        for method in ConvolutionMethod.allCases {
            #expect(maximumAbsoluteDifference(Tensor.conv2d(x, weight: weight, bias: bias, method: method), expected) < 1e-12)
        }
        #expect(maximumAbsoluteDifference(Tensor.conv2d(x, weight: weight), Self.naiveConvolution(x, weight, nil)) < 1e-12)
        let single = Tensor.conv2d(x.converted(to: .float32), weight: weight.converted(to: .float32), bias: bias.converted(to: .float32))
        #expect(maximumAbsoluteDifference(single, expected) < 1e-4 * Double(input * kernel * kernel))
    }

    @Test(arguments: [ConvolutionMethod.perTap, .gatheredColumns])
    func gradientsMatchCentralDifferences(method: ConvolutionMethod) {
        let shapes: [Shape] = [[2, 3, 5, 4], [4, 3, 3, 3], [4]]
        #expect(GradientTests.check(shapes) { Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], method: method) } <= GradientTests.tolerance)
        #expect(GradientTests.check([[3, 2, 3, 4], [3, 2, 1, 1]]) { Tensor.conv2d($0[0], weight: $0[1], method: method) } <= GradientTests.tolerance)
    }

    @Test func gradientsOfAutomaticMethodWithManyChannels() {
        // 33 input channels take the per-tap route forward and for the weight, 3 output channels the gathered route
        // for the input's gradient.
        #expect(GradientTests.check([[2, 33, 3, 3], [3, 33, 3, 3]]) { Tensor.conv2d($0[0], weight: $0[1]) } <= GradientTests.tolerance)
    }

    @Test func inputGradientAccumulatesWithOtherUses() {
        // x feeds the convolution twice and a product: its gradient is the sum of all three contributions.
        #expect(GradientTests.check([[2, 2, 4, 3], [3, 2, 3, 3]]) { inputs in
            Tensor.conv2d(inputs[0], weight: inputs[1]) + Tensor.conv2d(inputs[0], weight: inputs[1]).tanh() + (inputs[0] * 2).sum()
        } <= GradientTests.tolerance)
    }

    @Test func resultsDoNotDependOnTheThreadCount() {
        var generator = testGenerator(3)
        let x = Tensor.randomNormal(shape: [9, 5, 6, 7], dtype: .float32, using: &generator).requiringGradient()
        let weight = Tensor.randomNormal(shape: [6, 5, 3, 3], dtype: .float32, using: &generator).requiringGradient()
        let bias = Tensor.randomNormal(shape: [6], dtype: .float32, using: &generator).requiringGradient()
        func run() -> [[Float]] {
            let y = Tensor.conv2d(x, weight: weight, bias: bias)
            let loss = (y * y).sum()
            return [y.scalars] + loss.gradients(withRespectTo: [x, weight, bias]).map(\.scalars)
        }
        let serial = WorkerPool(threadCount: 1).withCurrent(run)
        let pool = WorkerPool(threadCount: 2)
        for _ in 0..<3 { #expect(pool.withCurrent(run) == serial) }
    }
}
