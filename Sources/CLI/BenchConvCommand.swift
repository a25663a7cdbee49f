import ArgumentParser
import Benchmarks
import Foundation

/// `lgf bench conv`: the convolution and one image coupler network's training step.
struct BenchConv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract: "Time the 3×3 64→64 convolution (forward, backward) beside sgemm, and ResNet(1→2, 4×64) coupler training steps.",
        discussion: """
            Medians by wall clock and by process CPU time (all threads), the steadier figure on a shared machine. \
            The coupler step matches the PyTorch reference's image_bench.py --model resnet --blocks 4 (batch 100, Adam lr 1e-4).
            """)

    @OptionGroup var format: JSONOption

    @OptionGroup var compute: ComputeOptions

    @Option(parsing: .unconditional, help: "Timed repeats of the sgemm and of the convolution.")
    var repeats = ConvBenchmark.defaults.repeats

    @Option(parsing: .unconditional, help: "Timed coupler training steps.")
    var steps = ConvBenchmark.defaults.steps

    @Option(parsing: .unconditional, help: "Untimed warm-up repeats and steps.")
    var warmup = ConvBenchmark.defaults.warmup

    @Option(parsing: .unconditional, help: "Images per batch.")
    var batch = ConvBenchmark.defaults.batch

    @Option(parsing: .unconditional, help: "Residual blocks of the coupler network.")
    var blocks = ConvBenchmark.defaults.blocks

    func validate() throws {
        try OptionBounds.check([("--repeats", repeats, 1), ("--steps", steps, 1), ("--warmup", warmup, 0), ("--batch", batch, 2), ("--blocks", blocks, 0)])
    }

    func run() throws {
        compute.apply()
        var benchmark = ConvBenchmark()
        benchmark.threads = compute.threads.threads
        benchmark.repeats = repeats
        benchmark.steps = steps
        benchmark.warmup = warmup
        benchmark.batch = batch
        benchmark.blocks = blocks
        let r = benchmark.run()
        try format.show(r, summary: Self.summary(r))
    }

    static func summary(_ r: ConvBenchmarkResult) -> String {
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        return """
            \(r.threads) thread(s), products by \(r.matrixKernel), convolutions by \(r.convolutionKernel); wall clock (process CPU time)
            sgemm 64·576·784:                      \(fixed(r.sgemmGflops, 1)) (\(fixed(r.sgemmCPUGflops, 1))) GFLOP/s
            conv 3×3 64→64, \(r.batch)×64×28×28  forward: \(fixed(r.convolutionForwardGflops, 1)) (\(fixed(r.convolutionForwardCPUGflops, 1))) GFLOP/s
                                        backward: \(fixed(r.convolutionBackwardGflops, 1)) (\(fixed(r.convolutionBackwardCPUGflops, 1))) GFLOP/s
                                    fwd + bwd: \(fixed(r.convolutionGflops, 1)) (\(fixed(r.convolutionCPUGflops, 1))) GFLOP/s, \
            \(fixed(100 * r.convolutionShareOfSgemm, 0))% of sgemm by CPU time
            coupler ResNet(1→2, \(r.blocks)×64), \(r.parameters) parameters, batch \(r.batch): \
            \(fixed(r.couplerImagesPerSecond, 1)) (\(fixed(r.couplerImagesPerCPUSecond, 1))) images/s, \
            \(fixed(r.couplerStepMilliseconds, 0)) (\(fixed(r.couplerStepCPUMilliseconds, 0))) ms/step, final loss \(fixed(r.finalLoss, 3))
            peak resident memory \(fixed(r.peakResidentMiB, 1)) MiB
            """
    }
}
