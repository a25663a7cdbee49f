import Tensors
/// What `ImageFlowBenchmark` measured, encoded as one JSON object by `lgf bench train|evaluate --dataset
/// fashion-mnist|cifar10 --json` (the keys are the property names). Medians over the timed steps or calls, by wall
/// clock and by process CPU time of all threads (the steadier figure on a shared machine), as
/// the PyTorch reference's `image_bench.py` reports them.
public struct ImageFlowBenchmarkResult: Codable, Sendable, Equatable {
    /// "train" or "evaluate".
    public var phase: String
    /// `fashion-mnist`, `cifar10` or `mnist`.
    public var dataset: String
    /// The file the images were read from.
    public var imageFile: String
    /// `realnvp` or `lgf-realnvp`.
    public var model: String
    /// Residual blocks of every coupler ResNet.
    public var couplerBlocks: Int
    /// Trainable scalars of the model.
    public var parameters: Int
    /// Threads of OpenBLAS and of the worker pool.
    public var threads: Int
    /// What computed the single-precision products.
    public var matrixKernel: String
    /// What runs the convolutions (`BLAS.convolutionKernelName`).
    public var convolutionKernel = BLAS.convolutionKernelName
    /// Training: images per step. Evaluation: rows per pass, images × K (the reference's `--batch`).
    public var batch: Int
    /// K: importance samples per image (evaluation of LGFs); 1 otherwise.
    public var importanceSamples: Int
    /// Images per timed step or call.
    public var imagesPerStep: Int
    /// Untimed and timed steps (or calls).
    public var warmupSteps, timedSteps: Int
    /// Images per second by the median wall-clock and the median process-CPU seconds of a step.
    public var imagesPerSecond = 0.0, imagesPerCPUSecond = 0.0
    /// The median step's wall-clock and process-CPU milliseconds, and the fastest step's wall-clock milliseconds.
    public var stepMilliseconds = 0.0, stepCPUMilliseconds = 0.0, stepMillisecondsFastest = 0.0
    /// The median share of a step's CPU time (all threads) spent inside matrix products (sgemm), on every thread.
    public var productShare = 0.0
    /// Training: the mean loss (−ELBO or −log-likelihood in nats per image) of the timed steps. Evaluation: the
    /// mean estimated log-likelihood per image of the last call. A sanity check that the work was real and finite.
    public var meanObjective = 0.0
    /// The most bytes the tensor buffer pool had handed out during the timed steps, in MiB, and its checkouts that had
    /// to allocate fresh memory per timed step (0 once every size has been seen and kept).
    public var poolPeakMiB = 0.0, poolMissesPerStep = 0.0
    /// Peak resident memory of the process (`getrusage` `ru_maxrss`), in MiB.
    public var peakResidentMiB = 0.0
}
