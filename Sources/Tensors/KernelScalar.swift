import Foundation

/// The element types kernels are written for: `Float` (training) and `Double` (numerical checks).
///
/// Kernels are generic over this protocol and specialised by the optimiser inside this module, so each
/// operation is written once and runs at full speed in both precisions. `Float` uses the branch-free
/// polynomials of `FloatMath` (vectorisable; glibc's `tanhf` costs 11 ns per element), `Double` uses libm.
protocol KernelScalar: BinaryFloatingPoint {
    static var dtype: DType { get }
    static func exponential(_ x: Self) -> Self
    static func logarithm(_ x: Self) -> Self
    static func hyperbolicTangent(_ x: Self) -> Self
    static func logistic(_ x: Self) -> Self
    static func softplus(_ x: Self) -> Self
    /// Whether `gemm` can start from a bias row (otherwise `matrixProduct` writes the bias first and accumulates).
    static var fusesBias: Bool { get }
    /// C ← op(A)·op(B) (+ C when `accumulate`, or + `bias` per row when given and `fusesBias`, then tanh when `tanh`
    /// and a bias is given), k ≥ 1, by BLAS or this package's kernel (see `KernelScalar+MatrixProduct.swift`).
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Self>, lda: Int,
                     b: UnsafePointer<Self>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Self>, ldc: Int, bias: UnsafePointer<Self>?,
                     tanh: Bool)
}

extension Float: KernelScalar {
    static var dtype: DType { .float32 }
    @inline(__always) static func exponential(_ x: Float) -> Float { FloatMath.exp(x) }
    @inline(__always) static func logarithm(_ x: Float) -> Float { FloatMath.log(x) }
    @inline(__always) static func hyperbolicTangent(_ x: Float) -> Float { FloatMath.tanh(x) }
    @inline(__always) static func logistic(_ x: Float) -> Float { FloatMath.sigmoid(x) }
    @inline(__always) static func softplus(_ x: Float) -> Float { FloatMath.softplus(x) }
}

extension Double: KernelScalar {
    static var dtype: DType { .float64 }
    @inline(__always) static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) static func logarithm(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) static func hyperbolicTangent(_ x: Double) -> Double { Foundation.tanh(x) }
    @inline(__always) static func logistic(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
    }
    @inline(__always) static func softplus(_ x: Double) -> Double { Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
}
