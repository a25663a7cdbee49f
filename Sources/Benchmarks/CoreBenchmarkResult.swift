/// What `CoreBenchmark` measured: matrix-product throughput and the cost of whole training steps.
///
/// Encoded as one JSON object by `lgf bench core --json`; the keys are the property names below.
public struct CoreBenchmarkResult: Codable, Sendable, Equatable {
    /// Throughput of one single-precision matrix product `C[m, n] = op(A)·op(B)` with inner extent `k`.
    public struct GEMMMeasurement: Codable, Sendable, Equatable {
        public var m: Int
        public var k: Int
        public var n: Int
        /// Whether A is stored `[k, m]` and used transposed (the weight-gradient product `gᵀ·x`).
        public var transposeA: Bool
        /// Whether B is stored `[n, k]` and used transposed (the forward product `x·Wᵀ` with PyTorch's layout).
        public var transposeB: Bool
        /// 2·m·k·n floating-point operations over the median time of one call.
        public var gflops: Double
        /// The median time of one call, in milliseconds.
        public var msPerCall: Double
        /// `gflops` over the median process CPU time instead (not inflated by preemption on a shared machine).
        public var cpuGflops: Double
    }

    /// One training step of the MADE-shaped network (see `CoreBenchmark`), and the time the step spends inside its
    /// matrix products.
    public struct StepMeasurement: Codable, Sendable, Equatable {
        /// Data dimension D (input D, output 2D: means and log-scales).
        public var d: Int
        /// Width H of both hidden layers.
        public var h: Int
        /// Rows per batch.
        public var batch: Int
        /// Trainable scalars (masked-out weights included, as PyTorch counts them).
        public var parameterCount: Int
        /// Floating-point operations of the step's matrix products (over the masks' nonzero blocks, as they run).
        public var gemmFlopsPerStep: Double
        /// Median milliseconds of forward + backward (`gradients(withRespectTo:)`) + Adam update.
        public var msPerStep: Double
        /// Median milliseconds spent inside the step's matrix products (thread CPU time around each product call,
        /// measured within instrumented steps, so with the step's own operands and cache state).
        public var gemmMsPerStep: Double
        /// `msPerStep / gemmMsPerStep`: 1 would mean everything but the products is free.
        public var ratioToGemm: Double
        /// `batch / msPerStep`, in rows per second.
        public var samplesPerSecond: Double
        /// The 10% and 90% quantiles of the step time, in milliseconds (the spread the median hides).
        public var msPerStepP10: Double
        public var msPerStepP90: Double
        /// The step and product figures in CPU time, which preemption by other processes does not inflate: on a
        /// shared machine the better measure of the work itself. `cpuRatioToGemm` is the median over instrumented
        /// steps of (step CPU time / CPU time inside its products): 1 would mean everything but the products is free.
        public var cpuMsPerStep: Double
        public var cpuGemmMsPerStep: Double
        public var cpuRatioToGemm: Double
        /// The loss after the timed steps (a sanity check that training ran and stayed finite).
        public var finalLoss: Double
    }

    public var gemm: [GEMMMeasurement]
    public var steps: [StepMeasurement]
    /// Threads used for every measurement (`BLAS.threadCount`: OpenBLAS' and our kernel's).
    public var threads: Int
    /// The kernel family OpenBLAS selected, e.g. "Cooperlake" or "Haswell".
    public var coreName: String
    /// What ran the float32 products (`BLAS.matrixKernelName`): "OpenBLAS <coreName>", or the package's own kernel
    /// ("own AVX-512", "own AVX2 + FMA"), used when OpenBLAS fell back to a pre-AVX2 kernel family or when asked for.
    public var matrixKernel: String
    /// `OPENBLAS_CORETYPE` as found in the environment (nil when unset: OpenBLAS autodetects).
    public var openblasCoreTypeEnvironment: String?
    /// Samples per second of the largest step configuration (D = 43, H = 512 by default).
    public var samplesPerSecond: Double
    /// Timed repeats behind each median, after `warmupRepeats` untimed ones.
    public var repeats: Int
    public var warmupRepeats: Int
    /// How the network's layers were built.
    public var layerKind: String
}
