import ArgumentParser
import Benchmarks
import Distributed
import Foundation
import Tensors

/// `lgf bench train`: training throughput of a whole flow, timed like the PyTorch reference's `bench.py --phase train`.
struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time Adam training steps (batch 1000, one-draw ELBO or exact log-likelihood) of a benchmark-shaped flow.",
        discussion: """
            Datasets: \(FlowBenchmarkDataset.namesListed) (2d is 2uniforms), with the reference's architectures on synthetic N(0, I) rows. \
            Models: \(FlowBenchmarkModel.namesListed). Reports the median over --repeats timed repeats of --steps-per-repeat \
            steps of the throughput of clean steps (steps during which other processes used fewer than --foreign-threshold cores). \
            Image datasets (\(FlowBenchOptions.imageChoices)): the paper's multiscale models on real \
            images, one step on a dequantised batch of --batch images (default 100), median over --repeats timed steps by wall \
            clock and by process CPU time, as the PyTorch reference's image_bench.py --phase train.
            """)

    @OptionGroup var options: FlowBenchOptions

    @Option(parsing: .unconditional, help: "Timed repeats behind the median (default 5); image datasets: timed steps (default 3).")
    var repeats: Int?

    @Option(parsing: .unconditional, help: "Training steps per timed repeat.")
    var stepsPerRepeat = 20

    @Option(parsing: .unconditional, help: "Untimed warm-up steps (default 5; more if these take less than 0.3 s: a threaded OpenBLAS spins a worker thread for about 0.1 s after it loads); image datasets: default 1.")
    var warmupSteps: Int?

    @Option(parsing: .unconditional, help: "C > 0: time a conditional MAF p(x | c) of the dataset's D instead (--model maf): 5 MADE layers [128, 128], no batch norm, C context features on N(0, I) rows.")
    var contextDimension = 0

    @Flag(help: "Under mpirun, time the data-parallel step (each rank takes its slice of every batch of rows or images; batch norm over the whole batch; one gradient all-reduce per step) and report the all-reduce's bytes and time; alone, the same timing of the ordinary step (the baseline). Rank 0 prints.")
    var dataParallel = false

    @Option(help: "Vector models: the float32 products' precision, fp32 or bf16 (as lgf train --precision; bf16 needs AVX512_BF16).")
    var precision: ProductPrecision = .fp32

    func validate() throws {
        try options.check()
        if precision == .bf16 && (options.isImageDataset || dataParallel || !ProductPrecision.cpuRunsBF16) {
            throw ValidationError("--precision bf16 times a vector model's ordinary step on a CPU with AVX512_BF16; "
                + "got \(options.isImageDataset ? "an image dataset" : dataParallel ? "--data-parallel" : "a CPU without it"): use --precision fp32")
        }
        try OptionBounds.check([("--repeats", repeats, 1), ("--steps-per-repeat", stepsPerRepeat, 1), ("--warmup-steps", warmupSteps, 0),
                                ("--context-dimension", contextDimension, 0)])
        if contextDimension > 0 && (options.isImageDataset || options.model.lowercased() != "maf") {
            throw ValidationError("--context-dimension times a conditional MAF of a vector dataset: give --model maf, got --model \(options.model) on \(options.dataset)")
        }
    }

    func run() throws {
        options.compute.apply()
        if options.isImageDataset {
            var benchmark = try options.imageBenchmark()
            benchmark.steps = repeats ?? 3
            benchmark.warmup = warmupSteps ?? 1
            if dataParallel {
                let group = try ProcessGroups.current()
                return try report(try DataParallelImageBenchmark(benchmark: benchmark).run(over: group), leader: group.isLeader, unit: "images")
            }
            let result = try benchmark.train()
            return try options.format.show(result, summary: FlowBenchOptions.summary(result))
        }
        var benchmark = try options.benchmark()
        benchmark.repeats = repeats ?? 5
        benchmark.stepsPerRepeat = stepsPerRepeat
        benchmark.warmupSteps = warmupSteps ?? 5
        benchmark.contextDimension = contextDimension
        if dataParallel { return try runDataParallel(benchmark) }
        let result = try ProductPrecision.with(precision) { try benchmark.train() }
        let note = precision == .bf16 ? "float32 products at bf16 (the bf16 kernel)\n" : ""
        try options.format.show(result, summary: note + FlowBenchOptions.summary(result))
    }

    private func runDataParallel(_ benchmark: Benchmarks.FlowBenchmark) throws {
        let group = try ProcessGroups.current()
        try report(try DataParallelBenchmark(benchmark: benchmark).run(over: group), leader: group.isLeader, unit: "samples")
    }

    /// Rank 0 prints a data-parallel measurement (`unit`: what a batch is made of).
    private func report(_ result: DataParallelBenchmarkResult, leader: Bool, unit: String) throws {
        guard leader else { return }
        try options.format.show(result, summary: Self.summary(result, unit: unit))
    }

    static func summary(_ result: DataParallelBenchmarkResult, unit: String) -> String {
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        let digits = unit == "images" ? 2 : 0
        return ["\(result.model) on \(result.dataset): \(result.parameters) parameters, \(result.ranks) rank(s) × \(result.threadsPerRank) thread(s), batch \(result.batch) (\(result.rowsPerRank) \(unit == "images" ? "images" : "rows") on rank 0)",
                "training: \(fixed(result.samplesPerSecond, digits)) \(unit)/s [median of \(result.repeats) repeats of \(result.stepsPerRepeat) steps; range \(fixed(result.samplesPerSecondMinimum, digits))–\(fixed(result.samplesPerSecondMaximum, digits))]",
                "all-reduce: \(result.allReduceBytesPerStep) bytes per step, \(fixed(result.allReduceMsPerStep, 3)) ms per step in it (waiting included), \(fixed(result.transferMsPerStep, 3)) ms bare transfer; rank 0 CPU \(fixed(result.cpuMsPerStep, 2)) ms per step"].joined(separator: "\n")
    }
}
