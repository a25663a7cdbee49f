import ArgumentParser
import Experiments
import Flows
import Foundation

/// `lgf bench evaluate`: evaluation throughput of a whole flow, timed like the PyTorch reference's `bench.py --phase eval`.
struct BenchEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Time the test log-likelihood (importance-sampled with K draws for LGFs, exact otherwise) and sampling of a benchmark-shaped flow.",
        discussion: """
            After 20 training steps the model switches to evaluation mode. LGFs: K-sample importance sampling of the first \
            --evaluation-points test rows, --points-per-call points per call, streamed --rows-per-pass rows at a time; exact \
            models: log p(x) of all test rows in batches of 5000. Also times drawing --sample-count points.
            """)

    @OptionGroup var options: FlowBenchOptions

    @Option(name: .customLong("importance-samples"), help: "K, importance samples per test point (localised models).")
    var importanceSamples = 1000

    @Option(help: "Test points per timed repetition (localised models).")
    var evaluationPoints = 100

    @Option(help: "Test points per timed call (localised models; the reference's --chunk-points).")
    var pointsPerCall = 10

    @Option(help: "Rows (points × draws) per forward pass of the importance-sampling estimate.")
    var rowsPerPass = FlowDensity.defaultRowsPerPass

    @Option(help: "Points drawn for the sampling time (default 10,000 when D ≤ 8, else 1,000).")
    var sampleCount: Int?

    func validate() throws {
        try options.check()
        for (name, value) in [("--importance-samples", importanceSamples), ("--evaluation-points", evaluationPoints),
                              ("--points-per-call", pointsPerCall), ("--rows-per-pass", rowsPerPass), ("--sample-count", sampleCount ?? 1)] {
            guard value >= 1 else { throw ValidationError("\(name) must be at least 1, got \(value)") }
        }
    }

    func run() throws {
        var benchmark = try options.benchmark()
        benchmark.importanceSamples = importanceSamples
        benchmark.evaluationPoints = evaluationPoints
        benchmark.pointsPerCall = pointsPerCall
        benchmark.rowsPerPass = rowsPerPass
        benchmark.sampleCount = sampleCount
        let result = try benchmark.evaluate()
        if options.json {
            print(try FlowBenchOptions.encode(result))
        } else {
            print(FlowBenchOptions.summary(result))
        }
    }
}
