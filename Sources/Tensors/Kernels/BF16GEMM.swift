import CKernels

/// The bf16 matrix kernel of `CKernels` (`lgf_sgemm_bf16_*`; see sgemm_bf16.c there): op(A) and op(B) rounded to bf16
/// and copied to pairs along the depth, 12×32 register tiles of AVX512_BF16 dot products summing in float32. Chosen
/// for every float32 product while `ProductPrecision.current` is `bf16`, whatever `MatrixKernelChoice` says; on a CPU
/// without AVX512_BF16 it computes the same roundings by a slow scalar loop (runs refuse bf16 there first).
enum BF16GEMM {
    /// How a product is divided into parts that write disjoint blocks of C (`lgf_bf16_partition`): C is bit for bit
    /// the same for every number of parts.
    struct Partition: Sendable {
        fileprivate let layout: lgf_bf16_partition

        /// The number of parts (1 ≤ count ≤ the parts asked for).
        var count: Int { layout.count }
        /// Floats of scratch each part needs, its own.
        var partScratchCount: Int { layout.part_scratch_count }
    }

    /// The division of the m × n × k product into at most `parts` parts; `parts` 1 gives the serial layout.
    static func partition(m: Int, n: Int, k: Int, parts: Int) -> Partition {
        Partition(layout: lgf_sgemm_bf16_partition(m, n, k, parts))
    }

    /// Part `part` of C ← op(A)·op(B) (+ C when `accumulate`; + `bias` in every row), then tanh when `tanh`, as divided
    /// by `partition` (made for the same shape); `scratch` holds `partition.partScratchCount` floats, this part's own.
    /// - Precondition: m, n, k ≥ 1, not both `accumulate` and `bias`.
    static func multiply(part: Int, of partition: Partition, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                         accumulate: Bool, bias: UnsafePointer<Float>?, tanh: Bool, scratch: UnsafeMutablePointer<Float>) {
        var operands = lgf_sgemm_operands(transpose_a: transposeA, transpose_b: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                                          c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh)
        var layout = partition.layout
        lgf_sgemm_bf16_multiply_part(part, &layout, &operands, scratch)
    }

    /// x rounded to bf16 (to nearest, ties to even; subnormals to zero; NaNs quiet), as the bits of a bf16.
    static func round(_ x: Float) -> UInt16 { lgf_bf16_round(x) }

    /// Every value rounded to bf16 by the CPU's conversion instruction where it has AVX512_BF16 (else by `round`).
    static func roundByInstruction(_ values: [Float]) -> [UInt16] {
        var rounded = [UInt16](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { x in
            rounded.withUnsafeMutableBufferPointer { y in lgf_bf16_round_vector(x.baseAddress, y.baseAddress, x.count) }
        }
        return rounded
    }
}
