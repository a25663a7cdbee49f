import ArgumentParser
import Benchmarks
import Foundation

/// `lgf bench conv`: the convolution and one image coupler network's training step.
struct BenchConv: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract: "Time the 3×3 64→64 convolution (forward, input and weight gradients) and ResNet(1→2, 4×64) coupler training steps, direct against Winograd, beside sgemm.",
        discussion: """
            Each repeat runs the direct kernels, then Winograd (the layer by F(4×4,3×3) in every pass; the coupler as \
            --convolution-algorithm automatic trains it), interleaved so that noise from other processes hits both alike. \
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

    @Option(parsing: .unconditional, help: "Output channels of the measured layer, and the coupler's hidden channels.")
    var channels = ConvBenchmark.defaults.channels

    @Option(parsing: .unconditional, help: "Input channels of the measured layer (default: --channels).")
    var inputChannels: Int?

    @Option(parsing: .unconditional, help: "Height and width of the images.")
    var size = ConvBenchmark.defaults.size

    func validate() throws {
        try OptionBounds.check([("--repeats", repeats, 1), ("--steps", steps, 1), ("--warmup", warmup, 0), ("--batch", batch, 2), ("--blocks", blocks, 0),
                                ("--channels", channels, 1), ("--size", size, 1), ("--input-channels", inputChannels, 1)])
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
        benchmark.channels = channels
        benchmark.inputChannels = inputChannels
        benchmark.size = size
        let r = benchmark.run()
        try format.show(r, summary: Self.summary(r))
    }

    static func summary(_ r: ConvBenchmarkResult) -> String {
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        func timing(_ t: ConvAlgorithmFigures.Timing, flops: Double?) -> String {
            let rate = flops.map { flops in
                let (wall, cpu) = t.gflops(flops)
                return ", \(fixed(wall, 1)) (\(fixed(cpu, 1))) GFLOP/s"
            } ?? ""
            return "\(fixed(t.wallMilliseconds, 1)) (\(fixed(t.cpuMilliseconds, 1))) ms\(rate)"
        }
        guard let direct = r.direct, let winograd = r.winograd else { return "no figures" }
        let c = r.channels
        var lines = [
            "\(r.cpu); \(r.threads) thread(s), products by \(r.matrixKernel); in force (\(r.algorithm)): \(r.convolutionKernel)",
            "medians of interleaved repeats, wall clock (process CPU time); GFLOP/s are direct-sum equivalents (2·N·Cin·C·9·H·W per pass)",
            "sgemm \(c)·\(9 * r.inputChannels)·\(r.size * r.size): \(fixed(r.sgemmGflops, 1)) (\(fixed(r.sgemmCPUGflops, 1))) GFLOP/s",
            "conv 3×3 \(r.inputChannels)→\(c), \(r.batch)×\(r.inputChannels)×\(r.size)×\(r.size)   direct / Winograd F(4×4,3×3), speed-up by CPU time",
        ]
        let passes: [(String, KeyPath<ConvAlgorithmFigures, ConvAlgorithmFigures.Timing>)] = [
            ("forward", \.forward), ("input gradient", \.inputGradient), ("weight gradient", \.weightGradient),
        ]
        for (name, path) in passes {
            let (d, w) = (direct[keyPath: path], winograd[keyPath: path])
            lines.append("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(timing(d, flops: r.layerFlops))  /  "
                         + "\(timing(w, flops: r.layerFlops))   \(fixed(d.cpuMilliseconds / w.cpuMilliseconds, 2))×")
        }
        lines += [
            "coupler ResNet(1→2, \(r.blocks)×\(c)), \(r.parameters) parameters, batch \(r.batch), step: direct \(timing(direct.couplerStep, flops: nil))  /  "
                + "automatic (Winograd) \(timing(winograd.couplerStep, flops: nil))   "
                + "\(fixed(direct.couplerStep.cpuMilliseconds / winograd.couplerStep.cpuMilliseconds, 2))×; "
                + "final loss \(fixed(direct.finalLoss, 3)) / \(fixed(winograd.finalLoss, 3))",
            "peak resident memory \(fixed(r.peakResidentMiB, 1)) MiB",
        ]
        return lines.joined(separator: "\n")
    }
}
