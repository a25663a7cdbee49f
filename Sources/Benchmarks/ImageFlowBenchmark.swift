import Datasets
import Flows
import Networks
import Tensors
import Configurations
import Runs

/// Training and evaluation throughput of the multiscale image flows (RealNVP, LGF-RealNVP) on real images, shaped
/// and timed like the PyTorch reference benchmark `image_bench.py` so the two can run side by side
/// (`benchmarks/compare-images.sh`, which finds it in the folder `LGF_TORCH_REFERENCE` names).
///
/// - Training: one step is the dequantised batch (pixels + U[0, 1)), −mean ELBO with one draw of u (the exact
///   log-likelihood for RealNVP), its gradients and an Adam update (learning rate 1e−4), batch 100.
/// - Evaluation (evaluation mode, no gradients): `batch / K` images per call, each with K importance samples in one
///   pass of `batch` rows (LGF), or the exact log-likelihood of `batch` images (RealNVP, K = 1).
///
/// The figure is the median over `steps` timed steps (or calls) after `warmup` untimed ones.
public struct ImageFlowBenchmark: Sendable {
    public var dataset: ImageDatasetName
    public var model: FlowBenchmarkModel
    /// The images batches are taken from, in order (cycling).
    public var images: ImageStack
    /// Where `images` came from (reported).
    public var imageFile: String
    /// Residual blocks of every coupler; `nil` for the reference's default, 8 for RealNVP and 4 for LGF-RealNVP.
    public var couplerBlocks: Int?
    /// Threads: OpenBLAS' and the worker pool's (`BLAS.threadCount`).
    public var threads = 1
    /// Training: images per step. Evaluation: rows per pass (images × K).
    public var batch = 100
    public var learningRate = 1e-4
    /// Untimed and timed steps (or calls).
    public var warmup = 1, steps = 3
    /// K of the evaluation of LGFs (RealNVP's evaluation is exact and uses 1).
    public var importanceSamples = 10
    public var seed: UInt64 = 0

    /// - Precondition: `model` is `.realNVP` or `.lgfRealNVP` (the CLI checks).
    public init(dataset: ImageDatasetName, model: FlowBenchmarkModel, images: ImageStack, imageFile: String) {
        self.dataset = dataset
        self.model = model
        self.images = images
        self.imageFile = imageFile
    }

    /// The residual blocks of every coupler this benchmark builds.
    public var resolvedCouplerBlocks: Int { couplerBlocks ?? (model.isLocalised ? 4 : 8) }

    /// The paper's model for this dataset's images.
    public var specification: ImageModelSpecification {
        ImageModelSpecification.paper(model.kind, imageShape: ImageShape(channels: images.channels, height: images.height, width: images.width),
                                      couplerBlocks: resolvedCouplerBlocks, logitLambda: dataset.logitLambda)
    }

    /// Times training steps. - Throws: if the model cannot be built or the data do not fit it.
    public func train() throws -> ImageFlowBenchmarkResult {
        BLAS.threadCount = threads
        var generator = SplitMix64(seed: seed)
        let density = try ImageModelBuilder.build(specification, using: &generator)
        density.setMode(.training)
        let optimizer = Adam(parameters: density.parameters, learningRate: learningRate)
        var result = emptyResult(phase: "train", density: density, importanceSamples: 1, imagesPerStep: batch)
        var next = 0, losses: [Double] = []
        let timing = try measure { timed in
            let x = dequantisedBatch(startingAt: next, count: batch, using: &generator)
            next += batch
            // The loss and its graph are released before the update, so the update does not copy parameters.
            let (loss, gradients) = try { () throws -> (Double, [Tensor]) in
                let objective = -(try density.elbo(x, drawCount: 1, using: &generator)).mean()
                return (objective.item, objective.gradients(withRespectTo: optimizer.parameters.map(\.value)))
            }()
            optimizer.update(with: gradients)
            if timed { losses.append(loss) }
        }
        result.record(timing)
        result.meanObjective = losses.reduce(0, +) / Double(max(losses.count, 1))
        result.peakResidentMiB = ResourceUsage.peakResidentMiB()
        return result
    }

    /// Times evaluation calls. - Throws: if the model cannot be built or the data do not fit it.
    public func evaluate() throws -> ImageFlowBenchmarkResult {
        BLAS.threadCount = threads
        var generator = SplitMix64(seed: seed)
        let density = try ImageModelBuilder.build(specification, using: &generator)
        density.setMode(.evaluation)
        let k = model.isLocalised ? importanceSamples : 1
        let imageCount = max(1, batch / k)
        var result = emptyResult(phase: "evaluate", density: density, importanceSamples: k, imagesPerStep: imageCount)
        var next = 0, last = Double.nan
        let timing = try measure { _ in
            let x = dequantisedBatch(startingAt: next, count: imageCount, using: &generator)
            next += imageCount
            let estimate = try density.logLikelihood(x, importanceSamples: k, rowsPerPass: imageCount * k, using: &generator)
            last = estimate.mean
        }
        result.record(timing)
        result.meanObjective = last
        result.peakResidentMiB = ResourceUsage.peakResidentMiB()
        return result
    }

    private func emptyResult(phase: String, density: FlowDensity, importanceSamples: Int, imagesPerStep: Int) -> ImageFlowBenchmarkResult {
        ImageFlowBenchmarkResult(phase: phase, dataset: dataset.rawValue, imageFile: imageFile, model: model.rawValue,
                                 couplerBlocks: resolvedCouplerBlocks, parameters: density.parameterCount, threads: BLAS.threadCount,
                                 matrixKernel: BLAS.matrixKernelName, batch: batch, importanceSamples: importanceSamples,
                                 imagesPerStep: imagesPerStep, warmupSteps: warmup, timedSteps: steps)
    }

    /// `count` images from `start` on (wrapping around the stack) as `[count, C, H, W]` floats, each pixel plus
    /// U[0, 1) noise of 24 bits (as `torch.rand`): the dequantisation of the reference's `preprocess`, whose logit
    /// transform is the flow's first step. (In float32 a pixel of 255 plus noise near 1 rounds to 256, as in the reference.)
    func dequantisedBatch(startingAt start: Int, count: Int, using generator: inout SplitMix64) -> Tensor {
        let size = images.pixelsPerImage
        var values = [Float](repeating: 0, count: count * size)
        for image in 0..<count {
            let source = images.image((start + image) % images.count)
            for (offset, pixel) in source.enumerated() {
                values[image * size + offset] = Float(pixel) + Float(generator.next() >> 40) * 0x1p-24
            }
        }
        return Tensor(shape: [count, images.channels, images.height, images.width], scalars: values)
    }

    /// Runs `body(false)` `warmup` times, then `body(true)` `steps` times, timing each of the latter, and
    /// the CPU time inside matrix products (`ProductTimer`, which counts every thread that works on them).
    private func measure(_ body: (_ timed: Bool) throws -> Void) throws -> Timing {
        for _ in 0..<warmup { try body(false) }
        BufferPool.shared.resetStatistics()
        var timing = Timing()
        for _ in 0..<max(steps, 1) {
            var failure: Error?
            var productSeconds = 0.0
            let time = Stopwatch.wallAndCPUSeconds {
                withoutActuallyEscaping(body) { body in
                    let run = { do { try body(true) } catch { failure = error } }
                    productSeconds = ProductTimer.measure(run)
                }
            }
            if let failure { throw failure }
            timing.walls.append(time.wall)
            timing.cpus.append(time.cpu)
            timing.productShares.append(productSeconds / max(time.cpu, 1e-12))
        }
        timing.pool = BufferPool.shared.statistics
        return timing
    }

    struct Timing {
        var walls: [Double] = []
        var cpus: [Double] = []
        var productShares: [Double] = []
        var pool: BufferPool.Statistics?
    }
}

private extension ImageFlowBenchmarkResult {
    mutating func record(_ timing: ImageFlowBenchmark.Timing) {
        let wall = Stopwatch.quantile(timing.walls, 0.5), cpu = Stopwatch.quantile(timing.cpus, 0.5)
        imagesPerSecond = Double(imagesPerStep) / wall
        imagesPerCPUSecond = Double(imagesPerStep) / cpu
        stepMilliseconds = 1000 * wall
        stepCPUMilliseconds = 1000 * cpu
        stepMillisecondsFastest = 1000 * (timing.walls.min() ?? wall)
        productShare = Stopwatch.quantile(timing.productShares, 0.5)
        poolPeakMiB = Double(timing.pool?.peakBytesInUse ?? 0) / 1_048_576
        poolMissesPerStep = Double(timing.pool?.misses ?? 0) / Double(max(timing.walls.count, 1))
    }
}
