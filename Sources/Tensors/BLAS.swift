import CBLAS
import Synchronization

/// The OpenBLAS library behind every matrix product.
///
/// LocalisedFlows runs OpenBLAS on one thread unless asked otherwise: on a shared two-core machine a
/// spinning second BLAS thread can make calls 100–1000× slower (substrate notes §1.4). Where OpenBLAS does not know
/// the CPU, float32 products run on this package's own kernel instead (`matrixKernel`), threaded by `ParallelGEMM`.
public enum BLAS {
    private static let defaultThreads: Void = { openblas_set_num_threads(1) }()

    /// Makes sure the single-thread default is in force before the first product.
    @inline(__always) static func prepare() { _ = defaultThreads }

    /// OpenBLAS' thread count: the one asked for and the `withOneThread` scopes open. Every change of OpenBLAS'
    /// (process-wide) count happens under this lock, so that scopes and setters on different threads cannot
    /// interleave their reads and writes of it.
    private static let openBLASThreads = Mutex(OpenBLASThreadCount())

    /// Applies one transition of `openBLASThreads` (under its lock) to OpenBLAS.
    private static func updateOpenBLASThreads(_ transition: (inout OpenBLASThreadCount) -> Int32?) {
        prepare()
        openBLASThreads.withLock { state in
            if let count = transition(&state) { openblas_set_num_threads(count) }
        }
    }

    /// The threads products and the other parallel operations use: OpenBLAS' (`openblas_set_num_threads`) and
    /// `WorkerPool.shared`'s, the pool that this package's own matrix kernel (`ParallelGEMM`), `Tensor.conv2d` and the
    /// large elementwise passes split their work over. Processes running side by side (a sweep's `--jobs`, MPI ranks)
    /// should keep processes × threads ≤ cores: more threads than cores only make them wait for each other.
    public static var threadCount: Int {
        get { Int(openBLASThreads.withLock { $0.requested }) }
        set {
            updateOpenBLASThreads { $0.request(newValue) }
            WorkerPool.shared.threadCount = newValue
        }
    }

    /// Runs `body` with OpenBLAS on one thread: for products issued from several of our own threads at once (a
    /// `WorkerPool` region), where OpenBLAS' own threads would only compete with them.
    ///
    /// Safe when several scopes run at once on different threads (two pools' regions): they are counted
    /// (`OpenBLASThreadCount`), so no scope restores the count while another still runs and it is never left at one.
    /// (Saving and restoring the count per scope, as before, let two overlapping scopes leave OpenBLAS on one thread
    /// for good, or on several inside a running region.) A product running meanwhile on another thread, outside any
    /// scope, uses whichever count is in force when it starts: OpenBLAS reads it once per call.
    static func withOneThread<Result>(_ body: () -> Result) -> Result {
        updateOpenBLASThreads { $0.openScope() }
        defer { updateOpenBLASThreads { $0.closeScope() } }
        return body()
    }

    /// The kernel family OpenBLAS selected for this CPU (e.g. "Haswell" or "Cooperlake").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS' kernel families older than AVX2 + FMA. On a CPU with AVX2 + FMA, OpenBLAS choosing one of these
    /// means it did not recognise the CPU (0.3.21 runs "Prescott" on
    /// Sapphire/Emerald Rapids unless OPENBLAS_CORETYPE says otherwise).
    private static let preAVX2Cores: Set<String> = [
        "katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn", "dunnington", "nehalem",
        "sandybridge", "athlon", "opteron", "opteron_sse3", "barcelona", "bobcat", "bulldozer", "piledriver", "steamroller",
        "unknown",
    ]

    /// The code that computes single-precision products.
    enum MatrixKernel {
        /// OpenBLAS with the kernel family it selected.
        case openBLAS
        /// `PortableGEMM`: this package's 8-lane kernel in its AVX2 + FMA build (or its portable build on CPUs without
        /// them), on several threads through `ParallelGEMM`.
        case ownPortable
        /// `AVX512GEMM`: the 16-lane kernel in its AVX-512 build, on CPUs with AVX-512.
        case ownAVX512
    }

    /// This package's own kernel for this CPU: the AVX-512 build when the CPU has AVX-512 (2–3× the pre-AVX2 OpenBLAS
    /// kernels with AVX2, 3–4× with AVX-512), else the AVX2 + FMA one.
    private static let ownKernel: MatrixKernel = {
        CPUFeatures.hasAVX512 ? .ownAVX512 : .ownPortable
    }()

    /// The `automatic` choice: OpenBLAS unless it selected a pre-AVX2 family on a CPU with AVX2 + FMA; then this
    /// package's own kernel. (On a CPU without AVX2, OpenBLAS' older families are the right ones.)
    private static let automaticKernel: MatrixKernel =
        CPUFeatures.hasAVX2 && preAVX2Cores.contains(coreName.lowercased()) ? ownKernel : .openBLAS

    /// `matrixKernelChoice`, stored as its index in `MatrixKernelChoice.allCases` (read by every product).
    private static let choiceIndex = Atomic<Int>(0)

    /// Which kernel single-precision products use (`automatic` until set). Set it once, before training or
    /// evaluating: results differ in their last bits between kernels, so changing it mid-run mixes two roundings.
    public static var matrixKernelChoice: MatrixKernelChoice {
        get { MatrixKernelChoice.allCases[choiceIndex.load(ordering: .relaxed)] }
        set { choiceIndex.store(MatrixKernelChoice.allCases.firstIndex(of: newValue)!, ordering: .relaxed) }
    }

    /// The kernel that computes single-precision products, by `matrixKernelChoice`.
    static var matrixKernel: MatrixKernel {
        switch matrixKernelChoice {
        case .automatic: return automaticKernel
        case .openBLAS: return .openBLAS
        case .own: return ownKernel
        }
    }

    /// Whether single-precision products run on this package's own kernel instead of OpenBLAS: with `own`, or with
    /// `automatic` when OpenBLAS selected a pre-AVX2 family (it did not recognise the CPU).
    public static var usesPortableKernel: Bool { matrixKernel != .openBLAS }

    /// Whether single-precision products go to `portableGEMM` (this package's own kernels, or the bf16 kernel while
    /// `ProductPrecision.current` is `bf16`) rather than OpenBLAS; those start their sums at a bias row, while OpenBLAS
    /// needs the bias written first.
    static var fusesBias: Bool { usesPortableKernel || ProductPrecision.current == .bf16 }

    /// What computes single-precision products: "OpenBLAS <core>", "own AVX2 + FMA", "own portable" or "own AVX-512".
    public static var matrixKernelName: String {
        switch matrixKernel {
        case .openBLAS: return "OpenBLAS \(coreName)"
        case .ownPortable: return CPUFeatures.hasAVX2 ? "own AVX2 + FMA" : "own portable"
        case .ownAVX512: return "own AVX-512"
        }
    }

    /// What runs `Tensor.conv2d`'s float32 passes on this CPU, for benchmark reports: Winograd F(4 × 4, 3 × 3) on the
    /// matrix kernel where `ConvolutionAlgorithm.choice` gives it; otherwise our AVX-512 register tiles for the layers
    /// that sum over 32 channels or more (`DirectCorrelation`, `DirectWeightGradient`), the matrix kernel for the rest;
    /// the matrix kernel alone without AVX-512.
    public static var convolutionKernelName: String {
        let direct = CPUFeatures.hasAVX512 ? "own AVX-512 (≥ 32 channels), \(matrixKernelName) below" : matrixKernelName
        switch ConvolutionAlgorithm.choice {
        case .automatic:
            let (channels, side) = (ConvolutionPlan.winogradMinimumChannels, ConvolutionPlan.winogradMinimumSide)
            return "Winograd F(4×4, 3×3) on \(matrixKernelName) (3×3, ≥ \(channels) channels, ≥ \(side)×\(side)), else direct: \(direct)"
        case .direct: return "direct: \(direct)"
        case .winograd: return "Winograd F(4×4, 3×3) on \(matrixKernelName) (3×3), else direct: \(direct)"
        }
    }

    /// C ← α·op(A)·op(B) + β·C for row-major float32 matrices (op = transpose when the flag is set).
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                     a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if fusesBias && alpha == 1 && (beta == 0 || beta == 1) && m > 0 && n > 0 && k > 0 {
            portableGEMM(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                         c: c, ldc: ldc, accumulate: beta == 1, bias: nil)
            return
        }
        prepare()
        ProductClock.timing {
            cblas_sgemm(Int32(CblasRowMajor), Int32(transposeA ? CblasTrans : CblasNoTrans), Int32(transposeB ? CblasTrans : CblasNoTrans),
                        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }

    /// C ← op(A)·op(B) (+ C when accumulating; + `bias` in every row when given; then C ← tanh(C) when `tanh`) on this
    /// package's own kernel, in its AVX-512 build when the CPU has it, split over `WorkerPool.current`'s threads
    /// (`ParallelGEMM`; the same C for every thread count); on the bf16 kernel instead while `ProductPrecision.current`
    /// is `bf16`. - Precondition: `fusesBias`, m, n, k ≥ 1.
    static func portableGEMM(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
                             bias: UnsafePointer<Float>?, tanh: Bool = false) {
        ProductClock.timing {
            if ProductPrecision.current == .bf16 {
                ParallelGEMM.multiplyBF16(pool: WorkerPool.current, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                          a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh)
            } else {
                ParallelGEMM.multiply(kernel: matrixKernel, pool: WorkerPool.current, transposeA: transposeA, transposeB: transposeB,
                                      m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh)
            }
        }
    }

    /// The size of the buffer a product's packed operands are copied into: what it needs rounded up to a power of two,
    /// and at least 4 MiB, so that nearly every product of a step takes the same pooled buffer, which the previous
    /// product has just written and which is therefore still in cache. Exact sizes gave each shape its own buffer,
    /// last touched several products earlier, and the copies' stores missed the caches.
    static func scratchByteCount(_ needed: Int) -> Int {
        let minimum = 4 << 20
        return needed <= minimum ? minimum : 1 << (Int.bitWidth - (needed - 1).leadingZeroBitCount)
    }

    /// C ← α·op(A)·op(B) + β·C for row-major float64 matrices.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                     a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                     beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        prepare()
        ProductClock.timing {
            cblas_dgemm(Int32(CblasRowMajor), Int32(transposeA ? CblasTrans : CblasNoTrans), Int32(transposeB ? CblasTrans : CblasNoTrans),
                        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }
}
