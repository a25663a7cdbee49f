// MARK: - Products on pointers, in either precision, with an optional bias row

extension KernelScalar {
    /// C ← op(A)·op(B) (+ C when `accumulate`; + `bias`, one row of n values added to every row, when given) for
    /// row-major sub-matrices with leading dimensions lda, ldb, ldc; k may be 0 (C becomes the bias, or zero).
    /// - Precondition: not both `accumulate` and `bias`.
    static func matrixProduct(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                              a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                              c: UnsafeMutablePointer<Self>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Self>?) {
        guard m > 0 && n > 0 else { return }
        if let bias, !(k > 0 && fusesBias) {
            for row in 0..<m {
                let target = c + row * ldc
                for column in 0..<n { target[column] = bias[column] }
            }
            if k > 0 { gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, accumulate: true, c: c, ldc: ldc, bias: nil) }
            return
        }
        if k == 0 {
            if !accumulate { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
            return
        }
        gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, accumulate: accumulate, c: c, ldc: ldc, bias: bias)
    }
}

extension Float {
    /// This package's own kernel starts its accumulators at the bias; OpenBLAS needs the bias written first.
    static var fusesBias: Bool { BLAS.usesPortableKernel }

    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                     b: UnsafePointer<Float>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Float>, ldc: Int, bias: UnsafePointer<Float>?) {
        if let bias {
            BLAS.portableGEMM(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                              c: c, ldc: ldc, accumulate: false, bias: bias)
        } else {
            BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
                      beta: accumulate ? 1 : 0, c: c, ldc: ldc)
        }
    }
}

extension Double {
    static var fusesBias: Bool { false }

    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
                     b: UnsafePointer<Double>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Double>, ldc: Int, bias: UnsafePointer<Double>?) {
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
                  beta: accumulate ? 1 : 0, c: c, ldc: ldc)
    }
}
