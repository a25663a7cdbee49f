import Tensors
/// The figures of `ConvBenchmark` (medians; "CPU" figures by process CPU time of all threads).
public struct ConvBenchmarkResult: Codable, Sendable {
    /// Threads of OpenBLAS and of the worker pool.
    public var threads: Int
    /// What computed the single-precision products.
    public var matrixKernel: String
    /// What runs the convolutions (`BLAS.convolutionKernelName`).
    public var convolutionKernel = BLAS.convolutionKernelName
    public var batch: Int
    public var blocks: Int
    /// sgemm [64, 576]·[576, 784] (one image's 3 × 3, 64 → 64 convolution as a product), GFLOP/s.
    public var sgemmGflops = 0.0
    public var sgemmCPUGflops = 0.0
    /// The 3 × 3, 64 → 64 convolution on batch × 64 × 28 × 28: forward, backward (input and weight gradients,
    /// twice the forward's FLOPs) and both together, in GFLOP/s of the convolution's useful multiply-adds.
    public var convolutionForwardGflops = 0.0
    public var convolutionForwardCPUGflops = 0.0
    public var convolutionBackwardGflops = 0.0
    public var convolutionBackwardCPUGflops = 0.0
    public var convolutionGflops = 0.0
    public var convolutionCPUGflops = 0.0
    /// Parameters of the coupler network ResNet(1 → 2, blocks × 64).
    public var parameters = 0
    /// Coupler training steps: images per second (wall clock and process CPU time) and milliseconds per step.
    public var couplerImagesPerSecond = 0.0
    public var couplerImagesPerCPUSecond = 0.0
    public var couplerStepMilliseconds = 0.0
    public var couplerStepCPUMilliseconds = 0.0
    /// The last step's loss (finite when training worked).
    public var finalLoss = 0.0
    /// Peak resident memory of the process, MiB.
    public var peakResidentMiB = 0.0

    init(threads: Int, matrixKernel: String, batch: Int, blocks: Int) {
        self.threads = threads
        self.matrixKernel = matrixKernel
        self.batch = batch
        self.blocks = blocks
    }

    /// The convolution's forward + backward rate as a fraction of the sgemm rate, by CPU time.
    public var convolutionShareOfSgemm: Double { convolutionCPUGflops / sgemmCPUGflops }
}
