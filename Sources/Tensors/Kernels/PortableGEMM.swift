import CKernels

/// The 8-lane matrix kernel of `CKernels` (`lgf_sgemm8_multiply`, 6×16 register tiles; see sgemm8.c there), used in
/// place of OpenBLAS on CPUs without AVX-512 when OpenBLAS runs one of its pre-AVX2 kernel families.
///
/// Why: OpenBLAS picks its kernels from the CPU model at load time. A CPU it does not know gets the generic SSE3
/// "Prescott" kernels, 5–6× slower than its AVX-512 ones, unless `OPENBLAS_CORETYPE` names a family. With AVX2 and
/// FMA this kernel reaches 2–3× the Prescott kernels on the shapes flows use (1000·50·50: ~55 GFLOP/s against ~22;
/// 1000·512·512: ~75 against ~29, one core), though not the AVX-512 kernels a correctly detected OpenBLAS uses.
enum PortableGEMM {
    /// C ← op(A)·op(B) (+ C when `accumulate`; + `bias`, a row of n values added to every row, when given), row-major,
    /// op = transpose when the flag is set, in `CKernels`' build for `level` (at most what the CPU runs). The bias seeds
    /// the accumulators, so C is written once and never read.
    /// - Precondition: m, n, k ≥ 1, and not both `accumulate` and `bias`.
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                         b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
                         bias: UnsafePointer<Float>? = nil, level: Int32 = CPUFeatures.level) {
        let byteCount = Swift.max(lgf_sgemm8_scratch_count(n, k, transposeB), 1) * MemoryLayout<Float>.stride
        let scratch = BufferPool.shared.checkout(byteCount: byteCount)
        defer { BufferPool.shared.recycle(scratch, byteCount: byteCount) }
        var operands = lgf_sgemm_operands(transpose_a: transposeA, transpose_b: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                                          c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: false)
        lgf_sgemm8_multiply(level, &operands, scratch.assumingMemoryBound(to: Float.self))
    }
}
