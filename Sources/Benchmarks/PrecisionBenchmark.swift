import Foundation
import Networks
import Tensors

/// bf16 products (`ProductPrecision.bf16`) against float32 ones, interleaved: each timed repeat runs OpenBLAS' sgemm,
/// this package's own float32 kernel and its bf16 kernel one after the other on the same operands, so that noise from
/// other processes hits all three alike; then a MADE training step (forward, backward, Adam) at fp32 and at bf16 on
/// the own kernel, alternating. Every figure is a median of `repeats`.
public struct PrecisionBenchmark: Sendable {
    /// A product by its BLAS flags, with what it is in a dense layer.
    public struct Shape: Codable, Sendable, Equatable {
        public var m: Int, k: Int, n: Int
        public var transposeA: Bool, transposeB: Bool
        public var role: String
        public init(m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool, role: String) {
            (self.m, self.k, self.n, self.transposeA, self.transposeB, self.role) = (m, k, n, transposeA, transposeB, role)
        }
    }

    /// The three products of a MINIBOONE-shaped MADE's first layer (D = 43 → H = 512) and of its hidden layer
    /// (512 → 512) at batch 1000: forward x·Wᵀ, input gradient g·W, weight gradient gᵀ·x.
    public static let defaultShapes: [Shape] = [(43, 512), (512, 512)].flatMap { input, output in
        [Shape(m: 1000, k: input, n: output, transposeA: false, transposeB: true, role: "forward x·Wᵀ \(input)→\(output)"),
         Shape(m: 1000, k: output, n: input, transposeA: false, transposeB: false, role: "input gradient g·W \(input)→\(output)"),
         Shape(m: output, k: 1000, n: input, transposeA: true, transposeB: false, role: "weight gradient gᵀ·x \(input)→\(output)")]
    }

    public var threads: Int
    public var repeats: Int
    public var warmupRepeats: Int
    public var shapes: [Shape]
    public var steps: [CoreBenchmark.StepShape]
    public var seed: UInt64

    public init(threads: Int = 1, repeats: Int = 30, warmupRepeats: Int = 3, shapes: [Shape] = PrecisionBenchmark.defaultShapes,
                steps: [CoreBenchmark.StepShape] = [CoreBenchmark.StepShape(d: 43, h: 512, batch: 1000)], seed: UInt64 = 0) {
        precondition(threads >= 1 && repeats >= 1 && warmupRepeats >= 0, "PrecisionBenchmark: threads and repeats must be ≥ 1, warm-up ≥ 0")
        (self.threads, self.repeats, self.warmupRepeats, self.shapes, self.steps, self.seed) = (threads, repeats, warmupRepeats, shapes, steps, seed)
    }

    /// Runs every measurement, switching the process-wide `BLAS.matrixKernelChoice` between the kernels (restored
    /// at the end): run it in a process of its own.
    public func run() -> PrecisionBenchmarkResult {
        let choice = BLAS.matrixKernelChoice
        defer { BLAS.matrixKernelChoice = choice }
        BLAS.threadCount = threads
        var generator = SplitMix64(seed: seed)
        let products = shapes.map { measure($0, using: &generator) }
        let stepRows = steps.map { measureStep($0, using: &generator) }
        return PrecisionBenchmarkResult(cpu: PrecisionBenchmarkResult.cpuDescription(), cpuRunsBF16: ProductPrecision.cpuRunsBF16, threads: threads,
                                        repeats: repeats, openBLASCore: BLAS.coreName, products: products, steps: stepRows)
    }

    /// The three ways of computing one product, in the order each repeat runs them.
    private static let variants: [(MatrixKernelChoice, ProductPrecision)] = [(.openBLAS, .fp32), (.own, .fp32), (.own, .bf16)]

    private func measure(_ shape: Shape, using generator: inout SplitMix64) -> PrecisionBenchmarkResult.Product {
        let product = ProductShape(m: shape.m, k: shape.k, n: shape.n, transposeA: shape.transposeA, transposeB: shape.transposeB)
        let (a, b) = product.operands(using: &generator)
        var samples = [[Double]](repeating: [], count: Self.variants.count)
        for repeatIndex in 0..<(warmupRepeats + repeats) {
            for (index, variant) in Self.variants.enumerated() {
                BLAS.matrixKernelChoice = variant.0
                let seconds = ProductPrecision.with(variant.1) { Stopwatch.seconds { _ = product.multiply(a, b) } }
                if repeatIndex >= warmupRepeats { samples[index].append(seconds) }
            }
        }
        let medians = samples.map { Stopwatch.quantile($0, 0.5) * 1e3 }
        return .init(shape: shape, gflops: product.flops / 1e6, openBLASMs: medians[0], ownMs: medians[1], bf16Ms: medians[2])
    }

    private func measureStep(_ shape: CoreBenchmark.StepShape, using generator: inout SplitMix64) -> PrecisionBenchmarkResult.Step {
        BLAS.matrixKernelChoice = .own
        let model = MADETrainingStep(dimension: shape.d, hiddenCount: shape.h, using: &generator)
        let parameters = model.parameters
        let adam = Adam(parameters: parameters, learningRate: 1e-4)
        let x = Tensor.randomNormal(shape: [shape.batch, shape.d], using: &generator)
        func step(_ precision: ProductPrecision) -> Double {
            ProductPrecision.with(precision) {
                Stopwatch.seconds {
                    let loss = model.loss(x)
                    adam.update(with: loss.gradients(withRespectTo: parameters.map(\.value)))
                }
            }
        }
        var fp32: [Double] = [], bf16: [Double] = []
        for repeatIndex in 0..<(warmupRepeats + repeats) {
            let times = (step(.fp32), step(.bf16))
            if repeatIndex >= warmupRepeats { fp32.append(times.0); bf16.append(times.1) }
        }
        return .init(d: shape.d, h: shape.h, batch: shape.batch, fp32Ms: Stopwatch.quantile(fp32, 0.5) * 1e3, bf16Ms: Stopwatch.quantile(bf16, 0.5) * 1e3)
    }
}
