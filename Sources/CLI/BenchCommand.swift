import ArgumentParser
import Benchmarks
import Foundation

/// `lgf bench …`: speed measurements. Each measurement is one subcommand; add new ones to `subcommands`.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the speed of the numeric core and of training and evaluation.",
        subcommands: [
            BenchCore.self, BenchTrain.self, BenchEvaluate.self, BenchConv.self, BenchSplineReference.self, BenchPrecision.self,
        ])
}

/// `--repeats` and `--warmup` of the benchmarks that time single calls and steps (`core`, `precision`).
struct RepeatOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Timed repeats behind each median.")
    var repeats = 50

    @Option(parsing: .unconditional, help: "Untimed warm-up repeats before timing.")
    var warmup = 5

    func validate() throws {
        try OptionBounds.check([("--repeats", repeats, 1), ("--warmup", warmup, 0)])
    }
}

/// `lgf bench core`: sgemm throughput and MADE training steps against their matrix products alone.
struct BenchCore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Time sgemm and one MADE training step (forward, backward, Adam) at D=6/H=200 and D=43/H=512, batch 1000.",
        discussion: """
            Prints medians over --repeats timed runs. A step is compared with the same step's matrix products timed \
            alone (step/gemm ratio). OpenBLAS reads OPENBLAS_CORETYPE when it loads; the kernel family it chose is \
            reported as coreName.
            """)

    @OptionGroup var format: JSONOption

    @OptionGroup var threads: ThreadsOption

    @OptionGroup var timing: RepeatOptions

    @Option(help: "Step configurations as comma-separated DxH (data dimension × hidden width).")
    var steps = "6x200,43x512"

    @Option(parsing: .unconditional, help: "Rows per batch in the step configurations.")
    var batch = 1000

    /// `--steps` parsed, or nil when malformed.
    var stepShapes: [CoreBenchmark.StepShape]? {
        let shapes = steps.split(separator: ",").map { item -> CoreBenchmark.StepShape? in
            let parts = item.split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 2, parts[1] >= 1 else { return nil }
            return CoreBenchmark.StepShape(d: parts[0], h: parts[1], batch: batch)
        }
        return shapes.contains(where: { $0 == nil }) || shapes.isEmpty ? nil : shapes.compactMap { $0 }
    }

    func validate() throws {
        try OptionBounds.check([("--batch", batch, 1)])
        guard stepShapes != nil else { throw ValidationError("--steps expects DxH pairs with D ≥ 2 and H ≥ 1, e.g. 6x200,43x512; got \(steps)") }
    }

    func run() throws {
        let result = CoreBenchmark(threads: threads.threads, repeats: timing.repeats, warmupRepeats: timing.warmup, stepShapes: stepShapes ?? []).run()
        try format.show(result, summary: BenchCore.table(result))
    }

    /// A line explaining a generic OpenBLAS kernel family (empty otherwise): OpenBLAS 0.3.21 does not know
    /// some newer CPUs (e.g. Intel Sapphire/Emerald Rapids) and falls back to SSE3 "Prescott" kernels.
    static func genericKernelWarning(coreName: String) -> String {
        guard ["prescott", "unknown"].contains(coreName.lowercased()) else { return "" }
        return "note: OpenBLAS fell back to its generic \(coreName) kernels (it did not recognise this CPU); "
            + "OPENBLAS_CORETYPE=SkylakeX (AVX-512) or Haswell (AVX2) in the environment selects its faster ones"
    }

    static func table(_ result: CoreBenchmarkResult) -> String {
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        func flag(_ transposed: Bool) -> String { transposed ? "T" : "N" }
        var lines = [
            "matrix products: \(result.matrixKernel); OpenBLAS core \(result.coreName) (OPENBLAS_CORETYPE=\(result.openblasCoreTypeEnvironment ?? "unset")), "
                + "\(result.threads) thread(s), median of \(result.repeats) after \(result.warmupRepeats) warm-up",
        ]
        let warning = BenchCore.genericKernelWarning(coreName: result.coreName)
        if !warning.isEmpty { lines.append(warning) }
        lines += ["", "sgemm           op   GFLOP/s   ms/call   CPU GFLOP/s"]
        for g in result.gemm {
            let shape = "\(g.m)·\(g.k)·\(g.n)".padding(toLength: 15, withPad: " ", startingAt: 0)
            lines.append("\(shape) \(flag(g.transposeA))\(flag(g.transposeB))   \(fixed(g.gflops, 1).leftPadded(7))   \(fixed(g.msPerCall, 3).leftPadded(7))"
                         + "   \(fixed(g.cpuGflops, 1).leftPadded(11))")
        }
        lines += ["", "MADE step (\(result.layerKind))",
                  "   D     H  batch   ms/step  gemm ms  step/gemm  p10–p90 ms     samples/s   CPU: ms/step  gemm ms  step/gemm"]
        for s in result.steps {
            lines.append([String(s.d).leftPadded(4), String(s.h).leftPadded(5), String(s.batch).leftPadded(6),
                          fixed(s.msPerStep, 3).leftPadded(9), fixed(s.gemmMsPerStep, 3).leftPadded(8),
                          fixed(s.ratioToGemm, 3).leftPadded(10),
                          "\(fixed(s.msPerStepP10, 2))–\(fixed(s.msPerStepP90, 2))".leftPadded(12),
                          fixed(s.samplesPerSecond, 0).leftPadded(13),
                          fixed(s.cpuMsPerStep, 3).leftPadded(14), fixed(s.cpuGemmMsPerStep, 3).leftPadded(8),
                          fixed(s.cpuRatioToGemm, 3).leftPadded(10)].joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
