import Foundation
import Networks
import Tensors

/// The numeric core's speed benchmark: OpenBLAS sgemm throughput at the shapes MADE layers use, and whole
/// training steps (forward, `gradients(withRespectTo:)`, Adam) of a MADE-shaped network and the share of each
/// step spent inside its matrix products.
///
/// Every figure is the median of `repeats` timed runs after `warmupRepeats` untimed ones. Plain steps alternate
/// with steps whose products are timed from inside (`ProductTimer`), so that noise from other processes on the
/// machine hits both; the ratio of step to products comes from the instrumented steps themselves.
public struct CoreBenchmark: Sendable {
    /// A step configuration: data dimension D, hidden width H (both hidden layers) and batch rows.
    public struct StepShape: Codable, Sendable, Equatable {
        public var d: Int
        public var h: Int
        public var batch: Int
        public init(d: Int, h: Int, batch: Int) { self.d = d; self.h = h; self.batch = batch }
    }

    /// A product `[m, k]·[k, n]` whose three BLAS variants (NN, NT, TN) are timed.
    public struct GEMMShape: Codable, Sendable, Equatable {
        public var m: Int
        public var k: Int
        public var n: Int
        public init(m: Int, k: Int, n: Int) { self.m = m; self.k = k; self.n = n }
    }

    /// POWER-sized (D = 6, H = 200) and MINIBOONE-sized (D = 43, H = 512) MADEs at batch 1000.
    public static let defaultStepShapes = [StepShape(d: 6, h: 200, batch: 1000), StepShape(d: 43, h: 512, batch: 1000)]
    /// The square hidden-to-hidden products of those two networks.
    public static let defaultGEMMShapes = [GEMMShape(m: 1000, k: 200, n: 200), GEMMShape(m: 1000, k: 512, n: 512)]

    public var threads: Int
    public var repeats: Int
    public var warmupRepeats: Int
    public var stepShapes: [StepShape]
    public var gemmShapes: [GEMMShape]
    public var seed: UInt64

    public init(threads: Int = 1, repeats: Int = 50, warmupRepeats: Int = 5,
                stepShapes: [StepShape] = CoreBenchmark.defaultStepShapes,
                gemmShapes: [GEMMShape] = CoreBenchmark.defaultGEMMShapes, seed: UInt64 = 0) {
        precondition(threads >= 1 && repeats >= 1 && warmupRepeats >= 0, "CoreBenchmark: threads and repeats must be ≥ 1, warm-up ≥ 0")
        self.threads = threads
        self.repeats = repeats
        self.warmupRepeats = warmupRepeats
        self.stepShapes = stepShapes
        self.gemmShapes = gemmShapes
        self.seed = seed
    }

    /// Runs every measurement (seconds to a minute, depending on `repeats`) and returns the figures.
    public func run() -> CoreBenchmarkResult {
        BLAS.threadCount = threads
        var generator = SplitMix64(seed: seed)
        let gemm = gemmShapes.flatMap { shape in
            [(false, false), (false, true), (true, false)].map { flags in
                measureProduct(ProductShape(m: shape.m, k: shape.k, n: shape.n, transposeA: flags.0, transposeB: flags.1), using: &generator)
            }
        }
        let steps = stepShapes.map { measureStep($0, using: &generator) }
        let largest = steps.max { $0.gemmFlopsPerStep < $1.gemmFlopsPerStep }
        return CoreBenchmarkResult(
            gemm: gemm, steps: steps, threads: BLAS.threadCount, coreName: BLAS.coreName,
            matrixKernel: BLAS.matrixKernelName,
            openblasCoreTypeEnvironment: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"],
            samplesPerSecond: largest?.samplesPerSecond ?? 0, repeats: repeats, warmupRepeats: warmupRepeats,
            layerKind: "Networks.MADE: MaskedLinear layers, weight ⊙ mask every step as the MAF reference code, degree-ordered units, products over the masks' nonzero blocks only")
    }

    private func measureProduct(_ shape: ProductShape, using generator: inout SplitMix64) -> CoreBenchmarkResult.GEMMMeasurement {
        let (a, b) = shape.operands(using: &generator)
        for _ in 0..<max(warmupRepeats, 1) { _ = shape.multiply(a, b) }
        var samples: [Double] = [], cpuSamples: [Double] = []
        for _ in 0..<repeats {
            let time = Stopwatch.wallAndCPUSeconds { _ = shape.multiply(a, b) }
            samples.append(time.wall)
            cpuSamples.append(time.cpu)
        }
        let median = Stopwatch.quantile(samples, 0.5), cpuMedian = Stopwatch.quantile(cpuSamples, 0.5)
        return .init(m: shape.m, k: shape.k, n: shape.n, transposeA: shape.transposeA, transposeB: shape.transposeB,
                     gflops: shape.flops / median / 1e9, msPerCall: median * 1e3, cpuGflops: shape.flops / cpuMedian / 1e9)
    }

    private func measureStep(_ shape: StepShape, using generator: inout SplitMix64) -> CoreBenchmarkResult.StepMeasurement {
        let model = MADETrainingStep(dimension: shape.d, hiddenCount: shape.h, using: &generator)
        let parameters = model.parameters
        let adam = Adam(parameters: parameters, learningRate: 1e-3)
        let x = Tensor.randomNormal(shape: [shape.batch, shape.d], using: &generator)
        var lastLoss = Double.nan
        // What a trainer does: keep the loss for logging while the optimiser updates.
        func step() {
            let loss = model.loss(x)
            let gradients = loss.gradients(withRespectTo: parameters.map(\.value))
            adam.update(with: gradients)
            lastLoss = loss.item
        }
        let products = model.productShapes(batch: shape.batch)
        // A step whose products are timed from inside (thread CPU time around each product call): the step's own
        // operands, strips and cache state, at the cost of two clock reads per product.
        func instrumentedStep() -> (step: Double, products: Double) {
            var inside = 0.0
            let step = Stopwatch.wallAndCPUSeconds { inside = ProductTimer.measure(step) }
            return (step.cpu, inside)
        }

        for _ in 0..<warmupRepeats { step(); _ = instrumentedStep() }
        var stepSamples: [Double] = [], stepCPU: [Double] = [], productCPU: [Double] = [], instrumentedRatio: [Double] = []
        for _ in 0..<repeats {
            let stepTime = Stopwatch.wallAndCPUSeconds(step)
            stepSamples.append(stepTime.wall)
            stepCPU.append(stepTime.cpu)
            let measured = instrumentedStep()
            productCPU.append(measured.products)
            instrumentedRatio.append(measured.step / measured.products)
        }
        let stepMedian = Stopwatch.quantile(stepSamples, 0.5), productMedian = Stopwatch.quantile(productCPU, 0.5)
        let stepCPUMedian = Stopwatch.quantile(stepCPU, 0.5)
        return .init(d: shape.d, h: shape.h, batch: shape.batch,
                     parameterCount: parameters.reduce(0) { $0 + $1.shape.elementCount },
                     gemmFlopsPerStep: products.reduce(0) { $0 + $1.flops },
                     msPerStep: stepMedian * 1e3, gemmMsPerStep: productMedian * 1e3, ratioToGemm: stepMedian / productMedian,
                     samplesPerSecond: Double(shape.batch) / stepMedian,
                     msPerStepP10: Stopwatch.quantile(stepSamples, 0.1) * 1e3, msPerStepP90: Stopwatch.quantile(stepSamples, 0.9) * 1e3,
                     cpuMsPerStep: stepCPUMedian * 1e3, cpuGemmMsPerStep: productMedian * 1e3,
                     cpuRatioToGemm: Stopwatch.quantile(instrumentedRatio, 0.5), finalLoss: lastLoss)
    }
}
