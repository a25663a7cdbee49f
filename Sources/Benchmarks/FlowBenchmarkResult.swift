import Flows
import Tensors

/// What one phase of `FlowBenchmark` measured, encoded as one JSON object by `lgf bench train|evaluate --json`
/// (the keys are the property names). Fields that do not apply to the phase are 0.
///
/// Throughputs follow the PyTorch reference's rules (`bench.py`): a timed region (a training
/// step, an evaluation call) is *clean* when other processes used fewer than `foreignThreshold` cores
/// meanwhile; training reports the median over timed repeats of the clean-step throughput of each repeat
/// (repeats with fewer than half of their steps clean are replaced, up to `maximumExtraRepeats`), evaluation
/// the points of clean calls over their time.
public struct FlowBenchmarkResult: Codable, Sendable, Equatable {
    // MARK: Configuration
    /// "train" or "evaluate".
    public var phase: String
    /// The reference config name (`2d`, `power`, `gas`, `miniboone`).
    public var dataset: String
    /// `maf`, `lgf-maf`, `realnvp` or `lgf-realnvp`; with spline steps `nsf`, `lgf-nsf`, `nsf-coupling` or `lgf-nsf-coupling`.
    public var model: String
    /// K of the spline steps; 0 for affine steps.
    public var bins: Int
    /// D.
    public var dimension: Int
    /// Trainable scalars of our model.
    public var parameters: Int
    /// Trainable scalars of the reference's model of the same architecture (its batch-norm placement differs).
    public var referenceParameters: Int
    /// Threads (`BLAS.threadCount`: OpenBLAS' and our kernel's).
    public var threads: Int
    /// The kernel family OpenBLAS selected ("Haswell" when `OPENBLAS_CORETYPE=Haswell`, "Cooperlake" on autodetect).
    public var coreName: String
    /// What computes float32 matrix products: "OpenBLAS <core>", or this package's own kernel ("own AVX2 + FMA",
    /// "own AVX-512"), used when OpenBLAS selected a pre-AVX2 family such as "Prescott" or when asked for.
    public var matrixKernel: String
    /// Rows per training batch.
    public var batch: Int
    /// Training: ELBO draws per row (1; exact models need none and report 1). Evaluation: K for localised
    /// models, 1 for exact ones.
    public var importanceSamples: Int
    /// "exact log-likelihood" or "one-draw ELBO" (training); "exact log-likelihood" or "importance sampling" (evaluation).
    public var objective: String
    /// The clean-region threshold, in cores of other processes.
    public var foreignThreshold: Double

    // MARK: Training
    /// Median clean-step training throughput (rows per second).
    public var samplesPerSecond: Double
    /// Training: `1000 · batch / samplesPerSecond`. Evaluation: median milliseconds of one forward pass
    /// (`rowsPerPass` rows for importance sampling, `evaluationBatch` rows for exact models).
    public var msPerStep: Double
    /// The slowest and fastest repeat behind the median.
    public var samplesPerSecondMinimum: Double
    public var samplesPerSecondMaximum: Double
    /// Median over all timed steps, clean or not, of the step's wall and process-CPU milliseconds.
    public var stepMedianMs: Double
    public var cpuMsPerStep: Double
    /// The 10th percentile of the timed steps' process-CPU milliseconds. On a core shared with other tenants
    /// (SMT siblings, cache and memory traffic) contention only ever makes a step slower, so the fast tail
    /// estimates the uncontended cost more steadily than the median does; `torch_flow_cpu.py` reports the same.
    public var cpuMsPerStepFastestTenth: Double
    /// Throughput over all timed steps, disturbed ones included.
    public var rawSamplesPerSecond: Double
    /// Steps per timed repeat, repeats kept, repeats run and untimed warm-up steps.
    public var stepsPerRepeat: Int
    public var goodRepeats: Int
    public var timedRepeats: Int
    public var warmupSteps: Int
    /// The fraction of timed steps (training) or calls (evaluation) that were clean.
    public var cleanFraction: Double
    /// The mean loss of the last timed repeat (a sanity check that training ran and stayed finite).
    public var finalLoss: Double
    /// How the reported throughput was formed (as the reference's `basis`).
    public var basis: String

    // MARK: Evaluation
    /// Test points per second of the estimate (importance-sampled for localised models, exact otherwise).
    public var pointsPerSecond: Double
    /// Test points per second of process CPU time over all timed calls, clean or not (robust to other processes
    /// holding the core when OpenBLAS runs one thread).
    public var cpuPointsPerSecond: Double
    /// The 90th percentile over timed calls of each call's points per second of process CPU time (the fast tail,
    /// as `cpuMsPerStepFastestTenth` for training).
    public var cpuPointsPerSecondFastestTenth: Double
    /// Points evaluated per timed repetition, points per call, rows per forward pass.
    public var evaluationPoints: Int
    public var pointsPerCall: Int
    public var rowsPerPass: Int
    /// The importance-sampling estimator's `EstimatorThreading` (localised models' evaluation only).
    public var estimatorThreading: String?
    /// The mean log-likelihood of the evaluated points (a sanity check).
    public var meanLogLikelihood: Double
    /// Points per second of the one-draw ELBO over `evaluationBatch`-row batches (localised models only).
    public var elboPointsPerSecond: Double
    /// Seconds to draw `sampleCount` points from the model (median of 3), and that count.
    public var samplingSeconds: Double
    public var sampleCount: Int

    // MARK: Memory
    /// Peak resident memory of the process (`getrusage` `ru_maxrss`), in MiB.
    public var peakMemoryMiB: Double
    /// The largest number of bytes the tensor buffer pool had handed out during the timed phase, in MiB.
    public var poolPeakMiB: Double
    /// Pool checkouts that had to allocate, per timed step or call (0 once every size has been seen).
    public var poolMissesPerStep: Double

    init(phase: String, dataset: FlowBenchmarkDataset, model: FlowBenchmarkModel, specification: ModelSpecification, parameters: Int, threads: Int, coreName: String,
         batch: Int, importanceSamples: Int, objective: String, foreignThreshold: Double) {
        self.phase = phase
        self.dataset = dataset.rawValue
        self.model = specification.modelName
        self.bins = specification.spline?.binCount ?? 0
        self.dimension = dataset.dimension
        self.parameters = parameters
        // The spline flows are compared with nflows' of the same count (`benchmarks/compare-splines.py` checks it).
        self.referenceParameters = specification.spline == nil && specification.context == nil ? dataset.referenceParameterCount(for: model, ourCount: parameters) : parameters
        self.threads = threads
        self.coreName = coreName
        self.matrixKernel = BLAS.matrixKernelName
        self.batch = batch
        self.importanceSamples = importanceSamples
        self.objective = objective
        self.foreignThreshold = foreignThreshold
        samplesPerSecond = 0; msPerStep = 0; samplesPerSecondMinimum = 0; samplesPerSecondMaximum = 0
        stepMedianMs = 0; cpuMsPerStep = 0; cpuMsPerStepFastestTenth = 0; rawSamplesPerSecond = 0
        stepsPerRepeat = 0; goodRepeats = 0; timedRepeats = 0; warmupSteps = 0; cleanFraction = 0; finalLoss = 0; basis = ""
        pointsPerSecond = 0; cpuPointsPerSecond = 0; cpuPointsPerSecondFastestTenth = 0; evaluationPoints = 0; pointsPerCall = 0; rowsPerPass = 0; meanLogLikelihood = 0
        elboPointsPerSecond = 0; samplingSeconds = 0; sampleCount = 0
        peakMemoryMiB = 0; poolPeakMiB = 0; poolMissesPerStep = 0
    }
}
