import Tensors

/// The figures of `ConvBenchmark`: the direct kernels and Winograd side by side (medians of interleaved repeats;
/// "CPU" figures by process CPU time of all threads).
public struct ConvBenchmarkResult: Codable, Sendable {
    /// The CPU's model name, family and model.
    public var cpu = PrecisionBenchmarkResult.cpuDescription()
    /// Threads of OpenBLAS and of the worker pool.
    public var threads: Int
    /// What computed the single-precision products.
    public var matrixKernel: String
    /// The algorithm in force for the run (`--convolution-algorithm`), whose figures `inForce` are, and what it runs.
    public var algorithm = ConvolutionAlgorithm.choice.rawValue
    public var convolutionKernel = BLAS.convolutionKernelName
    public var batch: Int
    public var blocks: Int
    /// The measured layer: `inputChannels` → `channels`, 3 × 3, on `size` × `size` planes; the coupler's images are
    /// 1 × `size` × `size`, its hidden layers `channels` wide.
    public var inputChannels: Int
    public var channels: Int
    public var size: Int
    /// sgemm [C, 9·Cin]·[9·Cin, size²] (one image's convolution as a product), GFLOP/s.
    public var sgemmGflops = 0.0
    public var sgemmCPUGflops = 0.0
    /// The direct kernels (`ConvolutionAlgorithm.direct`), for the layer and the coupler.
    public var direct: ConvAlgorithmFigures?
    /// Winograd: every pass of the layer by F(4 × 4, 3 × 3) (`winograd`), the coupler as `automatic` trains it
    /// (Winograd on its channels → channels layers, direct on its 1 → channels input layer).
    public var winograd: ConvAlgorithmFigures?
    /// Parameters of the coupler network ResNet(1 → 2, blocks × channels).
    public var parameters = 0
    /// Peak resident memory of the process, MiB.
    public var peakResidentMiB = 0.0

    init(threads: Int, matrixKernel: String, batch: Int, blocks: Int, inputChannels: Int, channels: Int, size: Int) {
        (self.threads, self.matrixKernel, self.batch, self.blocks) = (threads, matrixKernel, batch, blocks)
        (self.inputChannels, self.channels, self.size) = (inputChannels, channels, size)
    }

    /// FLOPs of one forward pass of the layer as a direct sum, 2·N·Cin·C·9·size²: each pass's "GFLOP/s-equivalent".
    public var layerFlops: Double { 2 * Double(batch * inputChannels * channels * 9 * size * size) }

    /// The figures of the algorithm in force (`algorithm`).
    public var inForce: ConvAlgorithmFigures? { algorithm == ConvolutionAlgorithm.direct.rawValue ? direct : winograd }
}
