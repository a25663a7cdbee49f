import Distributed
import Foundation
import Tensors
import Training

/// Training throughput of a benchmark-shaped flow split over the ranks of an MPI job
/// (`mpirun -n N lgf bench train --data-parallel`), with what the gradient all-reduce costs.
///
/// Every rank builds the same model and data (same seed) and runs the data-parallel step the trainer runs
/// (`ProcessGroupReplicas`): its slice of each batch of `benchmark.batch` rows, one fused all-reduce, Adam. A timed
/// repeat runs between two barriers, so its time is the slowest rank's; the throughput is the whole batch's
/// rows per second, the median over repeats. Then `transferRepeats` bare all-reduces of the same buffer, after a
/// barrier each, give the transfer time alone (the in-step figure also holds the wait for the slower rank). With
/// one process it times the ordinary step, the baseline.
public struct DataParallelBenchmark: Sendable {
    public var benchmark: FlowBenchmark
    public var transferRepeats = 50

    public init(benchmark: FlowBenchmark) {
        self.benchmark = benchmark
    }

    /// Runs on every rank of `group`; every rank returns the same figures, rank 0's clock.
    /// - Throws: if the model cannot be built or an MPI call fails.
    public func run(over group: any ProcessGroup) throws -> DataParallelBenchmarkResult {
        BLAS.threadCount = benchmark.threads
        let harness = try FlowTrainingHarness(specification: benchmark.specification,
                                              trainingRowCount: benchmark.dataset.trainingRowCount, batch: benchmark.batch,
                                              learningRate: benchmark.learningRate, seed: benchmark.seed)
        let replicas = group.size > 1 ? ProcessGroupReplicas(group) : nil
        if let replicas { harness.replicas = replicas }
        for _ in 0..<benchmark.warmupSteps { _ = try harness.step() }
        let trafficBefore = replicas?.traffic ?? AllReduceTraffic()
        var throughputs: [Double] = [], loss = Double.nan
        let cpuStart = Stopwatch.processCPUTime()
        for _ in 0..<benchmark.repeats {
            try group.barrier()
            let start = Stopwatch.now()
            for _ in 0..<benchmark.stepsPerRepeat { loss = try harness.step() }
            try group.barrier()
            throughputs.append(Double(harness.batch * benchmark.stepsPerRepeat) / (Stopwatch.now() - start))
        }
        let cpuSeconds = Stopwatch.processCPUTime() - cpuStart
        let traffic = replicas?.traffic ?? AllReduceTraffic()
        let timedSteps = Double(max(traffic.calls - trafficBefore.calls, 1))
        var result = DataParallelBenchmarkResult(
            dataset: benchmark.dataset.rawValue, model: benchmark.model.rawValue, parameters: harness.density.parameterCount,
            ranks: group.size, threadsPerRank: BLAS.threadCount, batch: harness.batch,
            rowsPerRank: ProcessGroupReplicas.slice(count: harness.batch, rank: 0, size: group.size).count,
            repeats: benchmark.repeats, stepsPerRepeat: benchmark.stepsPerRepeat,
            samplesPerSecond: Stopwatch.quantile(throughputs, 0.5), samplesPerSecondMinimum: throughputs.min() ?? 0,
            samplesPerSecondMaximum: throughputs.max() ?? 0, allReduceBytesPerStep: traffic.bytesPerCall,
            allReduceMsPerStep: 1000 * (traffic.seconds - trafficBefore.seconds) / timedSteps, transferMsPerStep: 0,
            cpuMsPerStep: 1000 * cpuSeconds / Double(benchmark.repeats * benchmark.stepsPerRepeat), finalLoss: loss)
        result.transferMsPerStep = try Self.transferMilliseconds(bytes: traffic.bytesPerCall, over: group, repeats: transferRepeats)
        return result
    }

    /// The median milliseconds of a bare all-reduce of `bytes` (as Float), each started after a barrier.
    static func transferMilliseconds(bytes: Int, over group: any ProcessGroup, repeats: Int = 50) throws -> Double {
        guard group.size > 1, bytes > 0 else { return 0 }
        var buffer = [Float](repeating: 1, count: bytes / 4), times: [Double] = []
        for _ in 0..<repeats {
            try group.barrier()
            let start = Stopwatch.now()
            try group.allReduceSum(&buffer)
            times.append(Stopwatch.now() - start)
        }
        // Rank 0's clock on every rank, so that every rank reports the same figures.
        var median = [group.isLeader ? Stopwatch.quantile(times, 0.5) : 0]
        try group.allReduceSum(&median)
        return 1000 * median[0]
    }
}

/// What `DataParallelBenchmark` measured (`lgf bench train --data-parallel --json` prints it as one object).
public struct DataParallelBenchmarkResult: Codable, Sendable, Equatable {
    public var dataset: String
    public var model: String
    public var parameters: Int
    /// MPI ranks, and OpenBLAS threads in each.
    public var ranks: Int
    public var threadsPerRank: Int
    /// Rows of a whole step, and rank 0's slice of them.
    public var batch: Int
    public var rowsPerRank: Int
    public var repeats: Int
    public var stepsPerRepeat: Int
    /// Rows of whole batches per second: the median over repeats, and the slowest and fastest repeat.
    public var samplesPerSecond: Double
    public var samplesPerSecondMinimum: Double
    public var samplesPerSecondMaximum: Double
    /// Bytes of the one fused all-reduce per step (every gradient and the objective, float32); 0 alone.
    public var allReduceBytesPerStep: Int
    /// Mean milliseconds per timed step inside the all-reduce, waiting for the slower rank included.
    public var allReduceMsPerStep: Double
    /// Median milliseconds of a bare all-reduce of the same buffer after a barrier: the transfer alone.
    public var transferMsPerStep: Double
    /// Rank 0's process CPU milliseconds per timed step (waiting in MPI calls spins, so it counts): on a machine
    /// shared with other work, wall time shows contention and this shows the work.
    public var cpuMsPerStep: Double
    /// The loss of the last timed step.
    public var finalLoss: Double
}
