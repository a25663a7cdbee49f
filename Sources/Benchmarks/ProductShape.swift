import Tensors

/// One matrix product `C[m, n] = op(A)·op(B)` with inner extent `k`, by its BLAS flags.
struct ProductShape: Equatable {
    var m: Int, k: Int, n: Int
    var transposeA: Bool, transposeB: Bool

    var flops: Double { 2 * Double(m) * Double(k) * Double(n) }

    /// Operands of the stored shapes the flags imply, filled with N(0, 1) draws.
    func operands(using generator: inout some RandomNumberGenerator) -> (Tensor, Tensor) {
        let a = Tensor.randomNormal(shape: transposeA ? [k, m] : [m, k], using: &generator)
        let b = Tensor.randomNormal(shape: transposeB ? [n, k] : [k, n], using: &generator)
        return (a, b)
    }

    /// `op(a)·op(b)` through the public tensor API (constants: no graph is recorded).
    @inline(__always)
    func multiply(_ a: Tensor, _ b: Tensor) -> Tensor {
        Tensor.matmul(a, b, transposingA: transposeA, transposingB: transposeB)
    }
}
