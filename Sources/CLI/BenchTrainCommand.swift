import ArgumentParser
import Experiments
import Foundation

/// `lgf bench train`: training throughput of a whole flow, timed like the PyTorch reference's `bench.py --phase train`.
struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Time Adam training steps (batch 1000, one-draw ELBO or exact log-likelihood) of a benchmark-shaped flow.",
        discussion: """
            Datasets: 2d (2uniforms), power, gas, miniboone, with the reference's architectures on synthetic N(0, I) rows. \
            Models: maf, lgf-maf, realnvp, lgf-realnvp. Reports the median over --repeats timed repeats of --steps-per-repeat \
            steps of the throughput of clean steps (steps during which other processes used fewer than --foreign-threshold cores).
            """)

    @OptionGroup var options: FlowBenchOptions

    @Option(help: "Timed repeats behind the median.")
    var repeats = 5

    @Option(help: "Training steps per timed repeat.")
    var stepsPerRepeat = 20

    @Option(help: "Untimed warm-up steps (more if these take less than 0.3 s: a threaded OpenBLAS spins a worker thread for about 0.1 s after it loads).")
    var warmupSteps = 5

    func validate() throws {
        try options.check()
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        guard stepsPerRepeat >= 1 else { throw ValidationError("--steps-per-repeat must be at least 1, got \(stepsPerRepeat)") }
        guard warmupSteps >= 0 else { throw ValidationError("--warmup-steps must be at least 0, got \(warmupSteps)") }
    }

    func run() throws {
        var benchmark = try options.benchmark()
        benchmark.repeats = repeats
        benchmark.stepsPerRepeat = stepsPerRepeat
        benchmark.warmupSteps = warmupSteps
        let result = try benchmark.train()
        if options.json {
            print(try FlowBenchOptions.encode(result))
        } else {
            print(FlowBenchOptions.summary(result))
        }
    }
}
