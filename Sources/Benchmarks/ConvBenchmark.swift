import Foundation
import Networks
import Tensors

/// The convolution benchmark (`lgf bench conv`): in one run, sgemm at the convolution's own product shape, the
/// 3 × 3, 64 → 64 convolution on a 100 × 64 × 28 × 28 batch (forward, and backward to input and weight), and one
/// coupler network alone, ResNet(1 → 2, 4 × 64) on 100 × 1 × 28 × 28 images: forward, sum-of-squares loss, backward
/// and an Adam step (lr 10⁻⁴), as the PyTorch reference's `image_bench.py --model resnet --blocks 4` does.
///
/// Every figure is a median over timed repeats after warm-up ones, by wall clock and by process CPU time (all threads),
/// the steadier figure on a shared machine.
public struct ConvBenchmark: Sendable {
    /// Threads: OpenBLAS' and `WorkerPool.shared`'s (`BLAS.threadCount`).
    public var threads = 1
    /// Timed repeats of the sgemm and of the convolution's forward and backward passes.
    public var repeats = 10
    /// Timed coupler training steps.
    public var steps = 5
    /// Untimed warm-up repeats and steps.
    public var warmup = 2
    /// Images per batch.
    public var batch = 100
    /// Residual blocks of the coupler network.
    public var blocks = 4
    public var seed: UInt64 = 0

    public init() {}

    /// The defaults, which `lgf bench conv` shows and starts from.
    public static let defaults = ConvBenchmark()

    /// Runs every measurement (about a minute at one thread) and returns the figures.
    public func run() -> ConvBenchmarkResult {
        BLAS.threadCount = threads
        var generator = SplitMix64(seed: seed)
        var result = ConvBenchmarkResult(threads: BLAS.threadCount, matrixKernel: BLAS.matrixKernelName, batch: batch, blocks: blocks)

        // The product a 3 × 3, 64 → 64 convolution of one 28 × 28 image is (im2col form): [64, 576]·[576, 784].
        let product = ProductShape(m: 64, k: 576, n: 784, transposeA: false, transposeB: false)
        let (a, b) = product.operands(using: &generator)
        let gemm = measure(repeats: repeats * 20) { _ = product.multiply(a, b) }
        result.sgemmGflops = product.flops / gemm.wall / 1e9
        result.sgemmCPUGflops = product.flops / gemm.cpu / 1e9

        let x = Tensor.randomNormal(shape: [batch, 64, 28, 28], using: &generator).requiringGradient()
        let weight = (Tensor.randomNormal(shape: [64, 64, 3, 3], using: &generator) * 0.04).requiringGradient()
        let flops = 2 * Double(batch * 64 * 64 * 9 * 28 * 28)
        let forward = measure(repeats: repeats) { _ = withoutGradientRecording { Tensor.conv2d(x, weight: weight) } }
        var output = Tensor.conv2d(x, weight: weight)
        // The loss Σ y·r (r fixed) sends r back as the output gradient, at the cost of two elementwise passes.
        let r = Tensor.randomNormal(shape: output.shape, using: &generator)
        let backward = measure(repeats: repeats) {
            output = Tensor.conv2d(x, weight: weight)
            _ = (output * r).sum().gradients(withRespectTo: [x, weight])
        }
        let backwardOnly = (wall: Swift.max(backward.wall - forward.wall, 1e-9), cpu: Swift.max(backward.cpu - forward.cpu, 1e-9))
        result.convolutionForwardGflops = flops / forward.wall / 1e9
        result.convolutionForwardCPUGflops = flops / forward.cpu / 1e9
        result.convolutionBackwardGflops = 2 * flops / backwardOnly.wall / 1e9
        result.convolutionBackwardCPUGflops = 2 * flops / backwardOnly.cpu / 1e9
        result.convolutionGflops = 3 * flops / backward.wall / 1e9
        result.convolutionCPUGflops = 3 * flops / backward.cpu / 1e9

        let network = ResNet(inputChannels: 1, outputChannels: 2, blockCount: blocks, hiddenChannels: 64, using: &generator)
        result.parameters = network.parameterCount
        let adam = Adam(parameters: network.parameters, learningRate: 1e-4)
        let pixels = Tensor.randomUniform(shape: [batch, 1, 28, 28], in: 0..<256, using: &generator)
        let images = pixels.map { $0.rounded(.down) } / 128 - 1
        var lastLoss = Double.nan
        let step = measure(repeats: steps, warmup: warmup) {
            let y = network(images)
            let loss = (y * y).sum() / Double(batch)
            adam.update(with: loss.gradients(withRespectTo: network.parameters.map(\.value)))
            lastLoss = loss.item
        }
        result.couplerImagesPerSecond = Double(batch) / step.wall
        result.couplerImagesPerCPUSecond = Double(batch) / step.cpu
        result.couplerStepMilliseconds = step.wall * 1e3
        result.couplerStepCPUMilliseconds = step.cpu * 1e3
        result.finalLoss = lastLoss
        result.peakResidentMiB = ResourceUsage.peakResidentMiB()
        return result
    }

    /// Medians of the wall-clock and process CPU seconds of `body` over `repeats` runs after `warmup` untimed ones.
    private func measure(repeats: Int, warmup: Int? = nil, _ body: () -> Void) -> (wall: Double, cpu: Double) {
        for _ in 0..<(warmup ?? self.warmup) { body() }
        var walls: [Double] = [], cpus: [Double] = []
        for _ in 0..<Swift.max(repeats, 1) {
            let time = Stopwatch.wallAndCPUSeconds(body)
            walls.append(time.wall)
            cpus.append(time.cpu)
        }
        return (Stopwatch.quantile(walls, 0.5), Stopwatch.quantile(cpus, 0.5))
    }
}

private extension Tensor {
    /// `f` applied to every element (a constant; for making benchmark data).
    func map(_ f: (Double) -> Double) -> Tensor { Tensor(shape: shape, values: doubles.map(f), dtype: dtype) }
}
