import CKernels

/// The 16-lane matrix kernel of `CKernels` (`lgf_sgemm16_*`, compiled for AVX-512 on x86-64; see sgemm16.c there for
/// its blocking): 32-column panels and a 12×32 register tile. Call it only where `CPUFeatures.hasAVX512` (elsewhere it
/// runs, but in the portable build and slowly). It exists because OpenBLAS 0.3.21 runs its generic SSE3 kernels on
/// CPUs it does not recognise (Intel Sapphire/Emerald Rapids), where this kernel reaches 85–160 GFLOP/s on the flow
/// shapes (one thread) against 25–32.
enum AVX512GEMM {
    /// How a product is divided into parts that write disjoint blocks of C (`lgf_sgemm16_partition`): C is bit for bit
    /// the same for every number of parts.
    struct Partition: Sendable {
        fileprivate let layout: lgf_sgemm16_partition

        /// The number of parts (1 ≤ count ≤ the parts asked for).
        var count: Int { layout.count }
        /// Floats of scratch the parts share.
        var sharedScratchCount: Int { layout.shared_scratch_count }
        /// Floats of packing scratch each part needs, its own.
        var partScratchCount: Int { layout.part_scratch_count }
    }

    /// The division of the m × n product op(A)·op(B) into at most `parts` parts of whole tiles; `parts` 1 gives the
    /// serial layout.
    static func partition(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, parts: Int) -> Partition {
        Partition(layout: lgf_sgemm16_partition(m, n, k, transposeA, transposeB, parts))
    }

    /// Floats of scratch the serial `multiply` needs.
    static func scratchCount(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> Int {
        let whole = partition(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, parts: 1)
        return whole.sharedScratchCount + whole.partScratchCount
    }

    /// C ← op(A)·op(B) (+ C when `accumulate`; + `bias` in every row when given), then tanh when `tanh`, serially;
    /// `scratch` holds at least `scratchCount(…)` floats. - Precondition: m, n, k ≥ 1, not both `accumulate` and `bias`.
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                         b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
                         bias: UnsafePointer<Float>? = nil, tanh: Bool = false, scratch: UnsafeMutablePointer<Float>) {
        let whole = partition(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, parts: 1)
        multiply(part: 0, of: whole, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                 c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh, shared: scratch, scratch: scratch + whole.sharedScratchCount)
    }

    /// Part `part` of the product as divided by `partition` (made for the same shape): writes only its own block of C.
    /// `shared` holds `partition.sharedScratchCount` floats (the same buffer for every part), `scratch` this part's
    /// `partition.partScratchCount`. Parts may run concurrently.
    static func multiply(part: Int, of partition: Partition, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                         accumulate: Bool, bias: UnsafePointer<Float>? = nil, tanh: Bool = false,
                         shared: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        var operands = lgf_sgemm_operands(transpose_a: transposeA, transpose_b: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                                          c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh)
        var layout = partition.layout
        lgf_sgemm16_multiply_part(part, &layout, &operands, shared, scratch)
    }
}
