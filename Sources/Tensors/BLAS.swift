import CBLAS

/// The OpenBLAS library behind every matrix product.
///
/// LocalisedFlows runs OpenBLAS on one thread unless asked otherwise: on a shared two-core machine a
/// spinning second BLAS thread can make calls 100–1000× slower (substrate notes §1.4).
public enum BLAS {
    private static let defaultThreads: Void = { openblas_set_num_threads(1) }()

    /// Makes sure the single-thread default is in force before the first product.
    @inline(__always) static func prepare() { _ = defaultThreads }

    /// The number of threads OpenBLAS uses.
    public static var threadCount: Int {
        get { prepare(); return Int(openblas_get_num_threads()) }
        set { prepare(); openblas_set_num_threads(Int32(Swift.max(1, newValue))) }
    }

    /// The kernel family OpenBLAS selected for this CPU (e.g. "Haswell" or "Cooperlake").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS' kernel families older than AVX2 + FMA. This package is compiled for AVX2 + FMA, so on a CPU that
    /// runs it, OpenBLAS choosing one of these means it did not recognise the CPU (0.3.21 runs "Prescott" on
    /// Sapphire/Emerald Rapids unless OPENBLAS_CORETYPE says otherwise).
    private static let preAVX2Cores: Set<String> = [
        "katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn", "dunnington", "nehalem",
        "sandybridge", "athlon", "opteron", "opteron_sse3", "barcelona", "bobcat", "bulldozer", "piledriver", "steamroller",
        "unknown",
    ]

    /// Whether single-precision products run on this package's own AVX2 kernel (`PortableGEMM`, single-threaded,
    /// 2–3× OpenBLAS' pre-AVX2 kernels) instead of OpenBLAS: true exactly when OpenBLAS selected a pre-AVX2 family.
    public static let usesPortableKernel: Bool = preAVX2Cores.contains(coreName.lowercased())

    /// C ← α·op(A)·op(B) + β·C for row-major float32 matrices (op = transpose when the flag is set).
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                     a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if usesPortableKernel && alpha == 1 && (beta == 0 || beta == 1) && m > 0 && n > 0 && k > 0 {
            PortableGEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                                  c: c, ldc: ldc, accumulate: beta == 1)
            return
        }
        prepare()
        cblas_sgemm(Int32(CblasRowMajor), Int32(transposeA ? CblasTrans : CblasNoTrans), Int32(transposeB ? CblasTrans : CblasNoTrans),
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// C ← α·op(A)·op(B) + β·C for row-major float64 matrices.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                     a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                     beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        prepare()
        cblas_dgemm(Int32(CblasRowMajor), Int32(transposeA ? CblasTrans : CblasNoTrans), Int32(transposeB ? CblasTrans : CblasNoTrans),
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
