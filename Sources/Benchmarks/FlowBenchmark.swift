import Foundation
import Flows
import Networks
import Tensors
import Runs

/// Training and evaluation throughput of whole flows, shaped and timed like the PyTorch reference
/// (`bench.py`) so the two can be run side by side (`benchmarks/compare-flows.sh`).
///
/// - Training: Adam (learning rate 1e-3), batches of 1000 synthetic N(0, I) rows, objective −mean ELBO
///   with one draw of u (exact log-likelihood for MAF and RealNVP). After `warmupSteps` untimed steps,
///   `repeats` timed repeats of `stepsPerRepeat` steps each (the reference times whole epochs of
///   n_train / 1000 steps: 10, 100, 100 and 30 for 2d, power, gas, miniboone).
/// - Evaluation: `trainingStepsBeforeEvaluation` Adam steps (so batch-norm statistics are not trivial), then
///   evaluation mode. Localised models: the importance-sampled log-likelihood with K draws of the first
///   `evaluationPoints` test rows, `pointsPerCall` points per call, streamed in passes of `rowsPerPass`
///   rows; plus the one-draw ELBO over batches of `evaluationBatch` rows. Exact models: log p(x) of all test
///   rows in batches of `evaluationBatch`. Then the time to draw `sampleCount` points.
public struct FlowBenchmark: Sendable {
    public var dataset: FlowBenchmarkDataset
    public var model: FlowBenchmarkModel
    /// Rational-quadratic spline steps instead of affine ones (NSF, its coupling form, LGF-NSF); `nil` for affine.
    public var spline: SplineSpecification?
    /// Threads (`BLAS.threadCount`), rows per training batch and Adam's learning rate.
    public var threads = 1, batch = 1000, learningRate = 1e-3
    /// Timed repeats of `stepsPerRepeat` training steps each, after `warmupSteps` untimed steps.
    public var repeats = 5, stepsPerRepeat = 20, warmupSteps = 5
    /// Warm-up lasts at least this long (more steps than `warmupSteps` when they are quick). The threaded
    /// OpenBLAS starts a worker thread per extra core when it loads, and the worker spins (`sched_yield`) for
    /// about 0.1 s before it sleeps; that time counts in the process CPU clock, and it doubled the CPU figure of
    /// the 2-D steps timed right after start-up (perf: 30% of the process's samples in that thread).
    public var minimumWarmupSeconds = 0.3
    /// Extra repeats allowed when fewer than half of a repeat's steps were clean (the reference's `--max-extra`).
    public var maximumExtraRepeats = 5
    /// A region is clean when other processes used fewer cores than this (the reference's `--foreign-thresh`).
    public var foreignThreshold = 0.10
    public var seed: UInt64 = 0
    public var importanceSamples = 1000
    public var evaluationPoints = 100
    public var pointsPerCall = 10
    public var rowsPerPass = FlowDensity.defaultRowsPerPass
    /// Whether the estimator's threads split each chunk's products or run whole chunks (`EstimatorThreading`).
    public var estimatorThreading = EstimatorThreading.automatic
    public var evaluationBatch = 5000
    /// Clean passes over the evaluation calls wanted (the reference's `--eval-reps`).
    public var evaluationRepeats = 3
    public var trainingStepsBeforeEvaluation = 20
    /// Points drawn for the sampling time; `nil` for 10,000 when D ≤ 8 and 1,000 otherwise (MAF sampling
    /// takes D sequential passes per layer).
    public var sampleCount: Int?

    public init(dataset: FlowBenchmarkDataset, model: FlowBenchmarkModel) {
        self.dataset = dataset
        self.model = model
    }

    /// C > 0: time a conditional MAF p(x | c) instead, of the dataset's D with C context features (`conditionalSpecification`),
    /// its contexts N(0, I) rows beside the data's.
    public var contextDimension = 0

    /// The model this benchmark builds.
    public var specification: ModelSpecification {
        contextDimension > 0 ? dataset.conditionalSpecification(contextDimension: contextDimension) : dataset.specification(for: model, spline: spline)
    }

    private func makeHarness() throws -> FlowTrainingHarness {
        BLAS.threadCount = threads
        return try FlowTrainingHarness(specification: specification, trainingRowCount: dataset.trainingRowCount,
                                       batch: batch, learningRate: learningRate, seed: seed)
    }

    private func emptyResult(phase: String, harness: FlowTrainingHarness, importanceSamples: Int, objective: String) -> FlowBenchmarkResult {
        FlowBenchmarkResult(phase: phase, dataset: dataset, model: model, specification: specification, parameters: harness.density.parameterCount,
                            threads: BLAS.threadCount, coreName: BLAS.coreName, batch: harness.batch,
                            importanceSamples: importanceSamples, objective: objective, foreignThreshold: foreignThreshold)
    }

    // MARK: - Training

    /// Times training steps. - Throws: if the model cannot be built.
    public func train() throws -> FlowBenchmarkResult {
        let harness = try makeHarness()
        let warmupStart = Stopwatch.now()
        var warmedUp = 0
        while warmedUp < warmupSteps || Stopwatch.now() - warmupStart < minimumWarmupSeconds {
            _ = try harness.step()
            warmedUp += 1
        }
        BufferPool.shared.resetStatistics()
        var good: [Double] = [], cleanSteps: [Double] = [], walls: [Double] = [], cpus: [Double] = []
        var timedRepeats = 0, lastLoss = Double.nan
        while good.count < repeats && timedRepeats < repeats + maximumExtraRepeats {
            var clean: [Double] = [], losses: [Double] = []
            for _ in 0..<stepsPerRepeat {
                let (loss, region) = try ForeignLoadRegion.measure { try harness.step() }
                losses.append(loss)
                walls.append(region.wall)
                cpus.append(region.cpu)
                if region.foreignCores < foreignThreshold { clean.append(region.wall) }
            }
            timedRepeats += 1
            cleanSteps += clean
            lastLoss = losses.reduce(0, +) / Double(max(losses.count, 1))
            if 2 * clean.count >= stepsPerRepeat { good.append(Double(clean.count * harness.batch) / clean.reduce(0, +)) }
        }
        let pool = BufferPool.shared.statistics
        var result = emptyResult(phase: "train", harness: harness, importanceSamples: 1,
                                 objective: model.isLocalised ? "one-draw ELBO" : "exact log-likelihood")
        let rows = Double(harness.batch)
        if !good.isEmpty {
            result.samplesPerSecond = Stopwatch.quantile(good, 0.5)
            result.samplesPerSecondMinimum = good.min() ?? 0
            result.samplesPerSecondMaximum = good.max() ?? 0
            result.basis = "median over \(good.count) repeats of clean-step throughput"
        } else if !cleanSteps.isEmpty {
            result.samplesPerSecond = rows * Double(cleanSteps.count) / cleanSteps.reduce(0, +)
            result.basis = "mean clean step (no repeat >= 50% clean)"
        } else {
            result.samplesPerSecond = rows / Stopwatch.quantile(walls, 0.5)
            result.basis = "median step, no step was clean"
        }
        result.msPerStep = 1000 * rows / result.samplesPerSecond
        result.stepMedianMs = 1000 * Stopwatch.quantile(walls, 0.5)
        result.cpuMsPerStep = 1000 * Stopwatch.quantile(cpus, 0.5)
        result.cpuMsPerStepFastestTenth = 1000 * Stopwatch.quantile(cpus, 0.1)
        result.rawSamplesPerSecond = rows * Double(walls.count) / walls.reduce(0, +)
        result.stepsPerRepeat = stepsPerRepeat
        result.goodRepeats = good.count
        result.timedRepeats = timedRepeats
        result.warmupSteps = warmedUp
        result.cleanFraction = Double(cleanSteps.count) / Double(max(walls.count, 1))
        result.finalLoss = lastLoss
        result.peakMemoryMiB = ResourceUsage.peakResidentMiB()
        result.poolPeakMiB = Double(pool.peakBytesInUse) / 1_048_576
        result.poolMissesPerStep = Double(pool.misses) / Double(max(walls.count, 1))
        return result
    }

    // MARK: - Evaluation

    /// Times the evaluation estimate and sampling. - Throws: if the model cannot be built.
    public func evaluate() throws -> FlowBenchmarkResult {
        let harness = try makeHarness()
        for _ in 0..<trainingStepsBeforeEvaluation { _ = try harness.step() }
        let density = harness.density
        density.setMode(.evaluation)
        let testRows = harness.withGenerator { Tensor.randomNormal(shape: [dataset.testRowCount, dataset.dimension], using: &$0) }
        var result = emptyResult(phase: "evaluate", harness: harness, importanceSamples: model.isLocalised ? importanceSamples : 1,
                                 objective: model.isLocalised ? "importance sampling" : "exact log-likelihood")
        BufferPool.shared.resetStatistics()
        var callCount = 0
        if model.isLocalised {
            let points = testRows.gatheringRows(0..<min(evaluationPoints, testRows.shape[0]))
            let chunks = FlowBenchmark.split(points, into: pointsPerCall)
            let passesPerCall = Double((min(pointsPerCall, points.shape[0]) * importanceSamples + rowsPerPass - 1) / rowsPerPass)
            let timing = try timeCalls(chunks, minimumClean: evaluationRepeats * chunks.count, maximumTotal: (evaluationRepeats + 3) * chunks.count) { chunk in
                try harness.withGenerator { try density.logLikelihood(chunk, importanceSamples: importanceSamples, rowsPerPass: rowsPerPass,
                                                                        threading: estimatorThreading, using: &$0).values }
            }
            callCount += timing.calls
            result.pointsPerSecond = timing.pointsPerSecond
            result.cpuPointsPerSecond = timing.cpuPointsPerSecond
            result.cpuPointsPerSecondFastestTenth = timing.cpuPointsPerSecondFastestTenth
            result.msPerStep = 1000 * timing.medianCallSeconds / max(passesPerCall, 1)
            result.cleanFraction = timing.cleanFraction
            result.meanLogLikelihood = timing.meanValue
            result.evaluationPoints = points.shape[0]
            result.pointsPerCall = pointsPerCall
            result.rowsPerPass = rowsPerPass
            result.estimatorThreading = estimatorThreading.rawValue
            let batches = FlowBenchmark.split(testRows, into: evaluationBatch)
            let elbo = try timeCalls(batches, minimumClean: 3 * batches.count, maximumTotal: 13 * batches.count) { batch in
                try withoutGradientRecording { try harness.withGenerator { try density.elbo(batch, using: &$0).doubles } }
            }
            callCount += elbo.calls
            result.elboPointsPerSecond = elbo.pointsPerSecond
        } else {
            let batches = FlowBenchmark.split(testRows, into: evaluationBatch)
            let timing = try timeCalls(batches, minimumClean: evaluationRepeats * batches.count, maximumTotal: (evaluationRepeats + 10) * batches.count) { batch in
                try withoutGradientRecording { try density.logProb(batch).doubles }
            }
            callCount += timing.calls
            result.pointsPerSecond = timing.pointsPerSecond
            result.cpuPointsPerSecond = timing.cpuPointsPerSecond
            result.cpuPointsPerSecondFastestTenth = timing.cpuPointsPerSecondFastestTenth
            result.msPerStep = 1000 * timing.medianCallSeconds
            result.cleanFraction = timing.cleanFraction
            result.meanLogLikelihood = timing.meanValue
            result.evaluationPoints = testRows.shape[0]
            result.pointsPerCall = min(evaluationBatch, testRows.shape[0])
            result.rowsPerPass = result.pointsPerCall
        }
        let pool = BufferPool.shared.statistics
        result.poolPeakMiB = Double(pool.peakBytesInUse) / 1_048_576
        result.poolMissesPerStep = Double(pool.misses) / Double(max(callCount, 1))
        let count = sampleCount ?? (dataset.dimension <= 8 ? 10_000 : 1_000)
        result.sampleCount = count
        result.samplingSeconds = try timeSampling(density, count: count, harness: harness)
        result.peakMemoryMiB = ResourceUsage.peakResidentMiB()
        return result
    }

    /// Median seconds of three draws of `count` points (after one untimed draw of 10 points).
    private func timeSampling(_ density: FlowDensity, count: Int, harness: FlowTrainingHarness) throws -> Double {
        _ = try harness.withGenerator { try density.sample(count: 10, generator: &$0) }
        let seconds = try (0..<3).map { _ in
            try ForeignLoadRegion.measure { try harness.withGenerator { try density.sample(count: count, generator: &$0) } }.measurement.wall
        }
        return Stopwatch.quantile(seconds, 0.5)
    }

    /// Consecutive row blocks of at most `size` rows.
    static func split(_ x: Tensor, into size: Int) -> [Tensor] {
        stride(from: 0, to: x.shape[0], by: max(size, 1)).map { x.gatheringRows($0..<min($0 + size, x.shape[0])) }
    }

    private struct CallTiming {
        var pointsPerSecond, cpuPointsPerSecond, cpuPointsPerSecondFastestTenth: Double
        var medianCallSeconds, cleanFraction, meanValue: Double
        var calls: Int
    }

    /// Runs `body` over `chunks` (one untimed warm-up call on the first), then repeatedly over all of them until
    /// `minimumClean` calls were clean or `maximumTotal` were timed: points of clean calls over their time
    /// (the reference's `guarded`; all calls if none was clean).
    private func timeCalls(_ chunks: [Tensor], minimumClean: Int, maximumTotal: Int, _ body: (Tensor) throws -> [Double]) throws -> CallTiming {
        guard let first = chunks.first else { return CallTiming(pointsPerSecond: 0, cpuPointsPerSecond: 0, cpuPointsPerSecondFastestTenth: 0, medianCallSeconds: 0, cleanFraction: 0, meanValue: .nan, calls: 0) }
        _ = try body(first)
        var cleanPoints = 0, cleanSeconds = 0.0, allPoints = 0, allSeconds = 0.0, cpuSeconds = 0.0, clean = 0, total = 0
        var walls: [Double] = [], cpuRates: [Double] = [], values: [Double] = []
        while clean < minimumClean && total < maximumTotal {
            values = []
            for chunk in chunks {
                let (output, region) = try ForeignLoadRegion.measure { try body(chunk) }
                values += output
                total += 1
                walls.append(region.wall)
                allPoints += chunk.shape[0]
                allSeconds += region.wall
                cpuSeconds += region.cpu
                cpuRates.append(Double(chunk.shape[0]) / max(region.cpu, 1e-12))
                if region.foreignCores < foreignThreshold {
                    clean += 1
                    cleanPoints += chunk.shape[0]
                    cleanSeconds += region.wall
                }
            }
        }
        let pointsPerSecond = cleanSeconds > 0 ? Double(cleanPoints) / cleanSeconds : Double(allPoints) / allSeconds
        return CallTiming(pointsPerSecond: pointsPerSecond, cpuPointsPerSecond: Double(allPoints) / max(cpuSeconds, 1e-12),
                          cpuPointsPerSecondFastestTenth: Stopwatch.quantile(cpuRates, 0.9), medianCallSeconds: Stopwatch.quantile(walls, 0.5),
                          cleanFraction: Double(clean) / Double(max(total, 1)),
                          meanValue: values.reduce(0, +) / Double(max(values.count, 1)), calls: total)
    }
}
