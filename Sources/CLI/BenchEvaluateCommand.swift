import ArgumentParser
import Flows
import Foundation

extension EstimatorThreading: ExpressibleByArgument {}

/// `lgf bench evaluate`: evaluation throughput of a whole flow, timed like the PyTorch reference's `bench.py --phase eval`.
struct BenchEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Time the test log-likelihood (importance-sampled with K draws for LGFs, exact otherwise) and sampling of a benchmark-shaped flow.",
        discussion: """
            After 20 training steps the model switches to evaluation mode. LGFs: K-sample importance sampling of the first \
            --evaluation-points test rows, --points-per-call points per call, streamed --rows-per-pass rows at a time; exact \
            models: log p(x) of all test rows in batches of 5000. Also times drawing --sample-count points. \
            Image datasets (\(FlowBenchOptions.imageChoices)): in evaluation mode, calls of \
            --batch / K images (LGF: K importance samples each, one pass of --batch rows; RealNVP: exact, K = 1), median over \
            --repeats timed calls by wall clock and by process CPU time, as the PyTorch reference's image_bench.py --phase eval.
            """)

    @OptionGroup var options: FlowBenchOptions

    @Option(name: [.customLong("importance-samples"), .customLong("k")], parsing: .unconditional,
            help: "K, importance samples per test point (localised models; default 1000, image datasets 10).")
    var importanceSamples: Int?

    @Option(parsing: .unconditional, help: "Image datasets: timed evaluation calls behind the median.")
    var repeats = 3

    @Option(parsing: .unconditional, help: "Image datasets: untimed warm-up calls.")
    var warmupCalls = 1

    @Option(parsing: .unconditional, help: "Test points per timed repetition (localised models).")
    var evaluationPoints = 100

    @Option(parsing: .unconditional, help: "Test points per timed call (localised models; the reference's --chunk-points).")
    var pointsPerCall = 10

    @Option(parsing: .unconditional, help: "Rows (points × draws) per forward pass of the importance-sampling estimate.")
    var rowsPerPass = FlowDensity.defaultRowsPerPass

    @Option(help: "How the importance-sampling estimate uses --threads: automatic, insideProducts (split each pass's products) or acrossChunks (whole passes at once).")
    var estimatorThreading = EstimatorThreading.automatic

    @Option(parsing: .unconditional, help: "Points drawn for the sampling time (default 10,000 when D ≤ 8, else 1,000).")
    var sampleCount: Int?

    func validate() throws {
        try options.check()
        try OptionBounds.check([("--warmup-calls", warmupCalls, 0), ("--importance-samples", importanceSamples, 1), ("--repeats", repeats, 1),
                                ("--evaluation-points", evaluationPoints, 1), ("--points-per-call", pointsPerCall, 1),
                                ("--rows-per-pass", rowsPerPass, 1), ("--sample-count", sampleCount, 1)])
    }

    func run() throws {
        options.compute.apply()
        if options.isImageDataset {
            var benchmark = try options.imageBenchmark()
            benchmark.importanceSamples = importanceSamples ?? 10
            benchmark.steps = repeats
            benchmark.warmup = warmupCalls
            let result = try benchmark.evaluate()
            return try options.format.show(result, summary: FlowBenchOptions.summary(result))
        }
        var benchmark = try options.benchmark()
        benchmark.importanceSamples = importanceSamples ?? 1000
        benchmark.evaluationPoints = evaluationPoints
        benchmark.pointsPerCall = pointsPerCall
        benchmark.rowsPerPass = rowsPerPass
        benchmark.estimatorThreading = estimatorThreading
        benchmark.sampleCount = sampleCount
        let result = try benchmark.evaluate()
        try options.format.show(result, summary: FlowBenchOptions.summary(result))
    }
}
