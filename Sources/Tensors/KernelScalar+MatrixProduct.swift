// MARK: - Products on pointers, in either precision, with an optional bias row

extension KernelScalar {
    /// C ← op(A)·op(B) (+ C when `accumulate`; + `bias`, one row of n values added to every row, when given; then
    /// C ← tanh(C) when `tanh`) for row-major sub-matrices with leading dimensions lda, ldb, ldc; k may be 0 (C becomes
    /// the bias, or zero). On this package's own kernel a biased product's tanh runs inside it (`BLAS.portableGEMM`).
    /// - Precondition: not both `accumulate` and `bias`.
    static func matrixProduct(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                              a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                              c: UnsafeMutablePointer<Self>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Self>?, tanh: Bool = false) {
        guard m > 0 && n > 0 else { return }
        if let bias, k > 0 && fusesBias {
            gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, accumulate: false, c: c, ldc: ldc,
                 bias: bias, tanh: tanh)
            return
        }
        if let bias {
            for row in 0..<m {
                let target = c + row * ldc
                for column in 0..<n { target[column] = bias[column] }
            }
            if k > 0 { gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, accumulate: true, c: c, ldc: ldc, bias: nil, tanh: false) }
        } else if k == 0 {
            if !accumulate { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
        } else {
            gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, accumulate: accumulate, c: c, ldc: ldc, bias: nil, tanh: false)
        }
        if tanh {
            WorkerPool.forEachRangeOnCurrent(of: m, itemLength: n, alignment: 1) { rows in
                if Self.self == Float.self {
                    // `CKernels`' vector tanh, over contiguous rows as one run (narrow rows would each end in a partial vector).
                    let floats = UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self)
                    if ldc == n {
                        VectorMath.tanh(floats + rows.lowerBound * n, floats + rows.lowerBound * n, count: rows.count * n)
                    } else {
                        for row in rows { VectorMath.tanh(floats + row * ldc, floats + row * ldc, count: n) }
                    }
                    return
                }
                for row in rows {
                    let target = c + row * ldc
                    for column in 0..<n { target[column] = hyperbolicTangent(target[column]) }
                }
            }
        }
    }
}

extension Float {
    /// This package's own kernels start their accumulators at the bias; OpenBLAS needs the bias written first.
    static var fusesBias: Bool { BLAS.fusesBias }

    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                     b: UnsafePointer<Float>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Float>, ldc: Int, bias: UnsafePointer<Float>?,
                     tanh: Bool) {
        if let bias {
            BLAS.portableGEMM(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                              c: c, ldc: ldc, accumulate: false, bias: bias, tanh: tanh)
        } else {
            BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
                      beta: accumulate ? 1 : 0, c: c, ldc: ldc)
        }
    }
}

extension Double {
    static var fusesBias: Bool { false }

    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int,
                     b: UnsafePointer<Double>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Double>, ldc: Int, bias: UnsafePointer<Double>?,
                     tanh: Bool) {
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
                  beta: accumulate ? 1 : 0, c: c, ldc: ldc)
    }
}
