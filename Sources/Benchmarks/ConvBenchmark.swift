import Foundation
import Networks
import Tensors

/// The convolution benchmark (`lgf bench conv`): in one run, sgemm at the convolution's own product shape, then the
/// direct kernels and Winograd side by side on the 3 × 3, Cin → C layer (Cin = C = 64) over a batch × Cin × size × size
/// batch (100 × 64 × 28 × 28) (forward, the input's gradient alone, the weight's gradient alone), and on one coupler
/// network, ResNet(1 → 2, 4 × C) on batch × 1 × size × size images: forward, sum-of-squares loss, backward and an Adam
/// step (lr 10⁻⁴), as the PyTorch reference's `image_bench.py --model resnet --blocks 4` does.
///
/// Each timed repeat runs the direct measurement, then the Winograd one (the coupler: one step of a network on each,
/// both built from the same seed), so that noise from other processes hits both alike. Every figure is a median over
/// timed repeats after warm-up ones, by wall clock and by process CPU time (all threads), the steadier figure on a
/// shared machine.
public struct ConvBenchmark: Sendable {
    /// Threads: OpenBLAS' and `WorkerPool.shared`'s (`BLAS.threadCount`).
    public var threads = 1
    /// Timed repeats of the sgemm (×20) and of each pass of the convolution.
    public var repeats = 10
    /// Timed coupler training steps.
    public var steps = 5
    /// Untimed warm-up repeats and steps.
    public var warmup = 2
    /// Images per batch.
    public var batch = 100
    /// Residual blocks of the coupler network.
    public var blocks = 4
    /// Output channels of the measured layer, and the coupler's hidden channels.
    public var channels = 64
    /// Input channels of the measured layer (nil: `channels`).
    public var inputChannels: Int? = nil
    /// Height and width of the planes.
    public var size = 28
    public var seed: UInt64 = 0

    public init() {}

    /// The defaults, which `lgf bench conv` shows and starts from.
    public static let defaults = ConvBenchmark()

    /// The two sides, in the order each repeat runs them: for the layer, and for the coupler network.
    private static let sides: [(layer: ConvolutionAlgorithm, coupler: ConvolutionAlgorithm)] = [(.direct, .direct), (.winograd, .automatic)]

    /// Runs every measurement (about two minutes at one thread) and returns the figures.
    public func run() -> ConvBenchmarkResult {
        BLAS.threadCount = threads
        var generator = SplitMix64(seed: seed)
        var result = ConvBenchmarkResult(threads: BLAS.threadCount, matrixKernel: BLAS.matrixKernelName, batch: batch, blocks: blocks,
                                         inputChannels: inputChannels ?? channels, channels: channels, size: size)

        // The product a 3 × 3, Cin → C convolution of one image is (im2col form): [C, 9·Cin]·[9·Cin, size²].
        let product = ProductShape(m: channels, k: 9 * result.inputChannels, n: size * size, transposeA: false, transposeB: false)
        let (a, b) = product.operands(using: &generator)
        let gemm = measure(repeats: repeats * 20) { _ = product.multiply(a, b) }
        result.sgemmGflops = product.flops / gemm.wall / 1e9
        result.sgemmCPUGflops = product.flops / gemm.cpu / 1e9

        let layer = measureLayer(inputChannels: result.inputChannels, using: &generator)
        let coupler = measureCoupler(using: &generator)
        let figures = (0..<Self.sides.count).map { side in
            ConvAlgorithmFigures(forward: layer[side][0], inputGradient: layer[side][1], weightGradient: layer[side][2],
                                 couplerStep: coupler.timings[side], finalLoss: coupler.losses[side])
        }
        (result.direct, result.winograd) = (figures[0], figures[1])
        result.parameters = coupler.parameters
        result.peakResidentMiB = ResourceUsage.peakResidentMiB()
        return result
    }

    /// Each side's forward pass, input gradient and weight gradient of the layer, each timed alone.
    private func measureLayer(inputChannels: Int, using generator: inout SplitMix64) -> [[ConvAlgorithmFigures.Timing]] {
        let x = Tensor.randomNormal(shape: [batch, inputChannels, size, size], using: &generator)
        let weight = Tensor.randomNormal(shape: [channels, inputChannels, 3, 3], using: &generator) * (1 / Double(9 * inputChannels).squareRoot())
        // The loss Σ y·r (r fixed) sends r back as the output gradient; only the backward pass is timed.
        let r = Tensor.randomNormal(shape: [batch, channels, size, size], using: &generator)
        let (input, filters) = (x.requiringGradient(), weight.requiringGradient())
        return interleaved(repeats: repeats, warmup: warmup, 3) { side, pass in
            let algorithm = Self.sides[side].layer
            switch pass {
            case 0: return { _ = ConvolutionAlgorithm.with(algorithm) { withoutGradientRecording { Tensor.conv2d(x, weight: weight) } } }
            case 1:
                let loss = ConvolutionAlgorithm.with(algorithm) { (Tensor.conv2d(input, weight: weight) * r).sum() }
                return { _ = loss.gradients(withRespectTo: [input]) }
            default:
                let loss = ConvolutionAlgorithm.with(algorithm) { (Tensor.conv2d(x, weight: filters) * r).sum() }
                return { _ = loss.gradients(withRespectTo: [filters]) }
            }
        }
    }

    /// The coupler network's training step on each side: one network per side, both from the same seed.
    private func measureCoupler(using generator: inout SplitMix64) -> (timings: [ConvAlgorithmFigures.Timing], losses: [Double], parameters: Int) {
        let networkSeed = generator.next()
        let networks = Self.sides.map { _ in
            var networkGenerator = SplitMix64(seed: networkSeed)
            return ResNet(inputChannels: 1, outputChannels: 2, blockCount: blocks, hiddenChannels: channels, using: &networkGenerator)
        }
        let optimizers = networks.map { Adam(parameters: $0.parameters, learningRate: 1e-4) }
        let pixels = Tensor.randomUniform(shape: [batch, 1, size, size], in: 0..<256, using: &generator)
        let images = pixels.map { $0.rounded(.down) } / 128 - 1
        var losses = [Double](repeating: .nan, count: Self.sides.count)
        let timings = interleaved(repeats: steps, warmup: warmup, 1) { side, _ in
            {
                ConvolutionAlgorithm.with(Self.sides[side].coupler) {
                    let y = networks[side](images)
                    let loss = (y * y).sum() / Double(batch)
                    optimizers[side].update(with: loss.gradients(withRespectTo: networks[side].parameters.map(\.value)))
                    losses[side] = loss.item
                }
            }
        }
        return (timings.map { $0[0] }, losses, networks[0].parameterCount)
    }

    /// Medians of the time of the closure `prepare(side, measurement)` returns (what it does before returning is not
    /// timed), for every side and each of `count` measurements, over `repeats` rounds after `warmup` untimed ones; each
    /// round runs every measurement of the first side, then of the second.
    private func interleaved(repeats: Int, warmup: Int, _ count: Int, _ prepare: (Int, Int) -> () -> Void) -> [[ConvAlgorithmFigures.Timing]] {
        var walls = [[[Double]]](repeating: [[Double]](repeating: [], count: count), count: Self.sides.count), cpus = walls
        for round in 0..<(warmup + Swift.max(repeats, 1)) {
            for side in Self.sides.indices {
                for measurement in 0..<count {
                    let time = Stopwatch.wallAndCPUSeconds(prepare(side, measurement))
                    guard round >= warmup else { continue }
                    walls[side][measurement].append(time.wall)
                    cpus[side][measurement].append(time.cpu)
                }
            }
        }
        return zip(walls, cpus).map { wall, cpu in
            zip(wall, cpu).map { ConvAlgorithmFigures.Timing(wall: Stopwatch.quantile($0, 0.5), cpu: Stopwatch.quantile($1, 0.5)) }
        }
    }

    /// Medians of the wall-clock and process CPU seconds of `body` over `repeats` runs after `warmup` untimed ones.
    private func measure(repeats: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
        for _ in 0..<warmup { body() }
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
