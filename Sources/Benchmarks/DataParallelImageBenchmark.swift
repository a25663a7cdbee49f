import Distributed
import Flows
import Networks
import Tensors
import Configurations
import Training

/// Training throughput of a multiscale image flow split over the ranks of an MPI job
/// (`mpirun -n N lgf bench train --dataset fashion-mnist --model realnvp --data-parallel`), with what the gradient
/// all-reduce costs: `DataParallelBenchmark` for `ImageFlowBenchmark`'s step.
///
/// Every rank builds the same model (same seed) and takes its contiguous slice of each batch of `benchmark.batch`
/// images, dequantised with its own noise stream, then runs the trainer's data-parallel step (`ProcessGroupReplicas`:
/// the ResNets' and the flows' batch norm take the whole batch's statistics, one fused all-reduce of the gradients,
/// Adam). Each timed step runs between two barriers, so its time is the slowest rank's; the figure is whole-batch
/// images per second, the median over `benchmark.steps` steps. With one process it times the ordinary step.
public struct DataParallelImageBenchmark: Sendable {
    public var benchmark: ImageFlowBenchmark

    public init(benchmark: ImageFlowBenchmark) {
        self.benchmark = benchmark
    }

    /// Runs on every rank of `group`; every rank returns the same figures, rank 0's clock.
    /// - Throws: if the model cannot be built, the batch has fewer images than there are ranks, or an MPI call fails.
    public func run(over group: any ProcessGroup) throws -> DataParallelBenchmarkResult {
        guard benchmark.batch >= group.size else {
            throw ExperimentError.invalidHyperparameter(name: "batch", value: "\(benchmark.batch)",
                                                        requirement: "at least one image per rank (\(group.size) ranks)")
        }
        BLAS.threadCount = benchmark.threads
        var generator = SplitMix64(seed: benchmark.seed)
        let density = try ImageModelBuilder.build(benchmark.specification, using: &generator)
        density.setMode(.training)
        let optimizer = Adam(parameters: density.parameters, learningRate: benchmark.learningRate)
        let replicas: any TrainingReplicas = group.size > 1 ? ProcessGroupReplicas(group) : SingleReplica()
        var noise = SplitMix64(seed: benchmark.seed &+ 0x9E37_79B9 &* UInt64(group.rank + 1))
        var next = 0, loss = Double.nan
        func step(_ number: Int) throws {
            let rows = replicas.localRows(of: ArraySlice(0..<benchmark.batch))
            let x = benchmark.dequantisedBatch(startingAt: next + (rows.first ?? 0), count: rows.count, using: &noise)
            next += benchmark.batch
            var gradients: [Tensor] = []
            let objective = try { () throws -> Double in
                let weighted = try replicas.objective(step: number, generator: &generator) { draws in
                    -(try density.elbo(x, drawCount: 1, using: &draws)).mean()
                }
                gradients = weighted.gradients(withRespectTo: optimizer.parameters.map(\.value))
                return weighted.item
            }()
            loss = try replicas.sum(objective: objective, gradients: &gradients)
            optimizer.update(with: gradients)
        }
        for number in 0..<benchmark.warmup { try step(number) }
        let trafficBefore = (replicas as? ProcessGroupReplicas)?.traffic ?? AllReduceTraffic()
        var throughputs: [Double] = []
        let cpuStart = Stopwatch.processCPUTime()
        for number in 0..<max(benchmark.steps, 1) {
            try group.barrier()
            let start = Stopwatch.now()
            try step(benchmark.warmup + number)
            try group.barrier()
            throughputs.append(Double(benchmark.batch) / (Stopwatch.now() - start))
        }
        let timedSteps = Double(throughputs.count)
        let cpuSeconds = Stopwatch.processCPUTime() - cpuStart
        let traffic = (replicas as? ProcessGroupReplicas)?.traffic ?? AllReduceTraffic()
        var result = DataParallelBenchmarkResult(
            dataset: benchmark.dataset.rawValue, model: benchmark.model.rawValue, parameters: density.parameterCount,
            ranks: group.size, threadsPerRank: BLAS.threadCount, batch: benchmark.batch,
            rowsPerRank: ProcessGroupReplicas.slice(count: benchmark.batch, rank: 0, size: group.size).count,
            repeats: throughputs.count, stepsPerRepeat: 1,
            samplesPerSecond: Stopwatch.quantile(throughputs, 0.5), samplesPerSecondMinimum: throughputs.min() ?? 0,
            samplesPerSecondMaximum: throughputs.max() ?? 0, allReduceBytesPerStep: traffic.bytesPerCall,
            allReduceMsPerStep: 1000 * (traffic.seconds - trafficBefore.seconds) / timedSteps, transferMsPerStep: 0,
            cpuMsPerStep: 1000 * cpuSeconds / timedSteps, finalLoss: loss)
        result.transferMsPerStep = try DataParallelBenchmark.transferMilliseconds(bytes: traffic.bytesPerCall, over: group)
        return result
    }
}
