import Foundation
import Testing
import CKernels
@testable import Tensors
import TestSupport

/// The matrix kernels of `CKernels` that stand in for OpenBLAS' pre-AVX2 kernels (the 8-lane kernel's portable and,
/// where the CPU has them, AVX2 + FMA builds, and the AVX-512 kernel) against a Double triple loop, on shapes that exercise every edge: row tails (m mod 6), narrow and partial column
/// panels, several depth blocks (k > 512), accumulation into C, leading dimensions wider than the matrices, and all
/// four transpose combinations. m ≥ 256 reaches the AVX-512 kernel's packed copies of plain B and transposed A, and
/// (with n < 64, or n ≤ 32 from m = 96) its Aᵀ·B = (Bᵀ·A)ᵀ route.
struct PortableGEMMTests {
    enum Kernel: CaseIterable { case portable, avx2, avx512 }

    /// C after `kernel` computed op(A)·op(B) into (or onto) `initial`.
    static func run(_ kernel: Kernel, transposes: (Bool, Bool), m: Int, n: Int, k: Int, a: [Float], lda: Int, b: [Float], ldb: Int,
                    initial: [Float], ldc: Int, accumulate: Bool, bias: [Float]? = nil) -> [Float] {
        var c = initial
        let row = bias ?? []
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in row.withUnsafeBufferPointer { row in
            let bias = bias == nil ? nil : row.baseAddress
            switch kernel {
            case .portable, .avx2:
                PortableGEMM.multiply(transposeA: transposes.0, transposeB: transposes.1, m: m, n: n, k: k, a: a.baseAddress!, lda: lda,
                                      b: b.baseAddress!, ldb: ldb, c: c.baseAddress!, ldc: ldc, accumulate: accumulate, bias: bias,
                                      level: kernel == .avx2 ? LGF_LEVEL_AVX2 : LGF_LEVEL_PORTABLE)
            case .avx512:
                var scratch = [Float](repeating: .nan, count: AVX512GEMM.scratchCount(m: m, n: n, k: k, transposeA: transposes.0, transposeB: transposes.1))
                scratch.withUnsafeMutableBufferPointer { scratch in
                    AVX512GEMM.multiply(transposeA: transposes.0, transposeB: transposes.1, m: m, n: n, k: k, a: a.baseAddress!, lda: lda,
                                        b: b.baseAddress!, ldb: ldb, c: c.baseAddress!, ldc: ldc, accumulate: accumulate,
                                        bias: bias, scratch: scratch.baseAddress!)
                }
            }
        } } } }
        return c
    }

    /// The kernels this CPU can run.
    static var kernels: [Kernel] { [.portable] + (CPUFeatures.hasAVX2 ? [.avx2] : []) + (CPUFeatures.hasAVX512 ? [.avx512] : []) }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)],
          [(1, 1, 1), (7, 5, 3), (13, 17, 33), (6, 16, 16), (25, 600, 19), (12, 1100, 2), (9, 40, 50), (8, 3, 70),
           (260, 37, 45), (300, 700, 20), (256, 513, 48), (257, 1000, 43), (270, 3, 1), (100, 130, 20), (5, 4, 15), (11, 9, 29)])
    func agreesWithNaiveLoop(transposes: (Bool, Bool), shape: (Int, Int, Int)) {
        let (ta, tb) = transposes
        let (m, k, n) = shape
        var generator = testGenerator(UInt64(m * 10_000 + k * 10 + n))
        // Leading dimensions 3 wider than needed, so strides are exercised too.
        let aRows = ta ? k : m, aColumns = ta ? m : k, bRows = tb ? n : k, bColumns = tb ? k : n
        let lda = aColumns + 3, ldb = bColumns + 3, ldc = n + 3
        let a = (0..<(aRows * lda)).map { _ in Float(Double.random(in: -1...1, using: &generator)) }
        let b = (0..<(bRows * ldb)).map { _ in Float(Double.random(in: -1...1, using: &generator)) }
        let initial = (0..<(m * ldc)).map { _ in Float(Double.random(in: -1...1, using: &generator)) }
        func elementA(_ i: Int, _ p: Int) -> Double { Double(ta ? a[p * lda + i] : a[i * lda + p]) }
        func elementB(_ p: Int, _ j: Int) -> Double { Double(tb ? b[j * ldb + p] : b[p * ldb + j]) }
        for kernel in Self.kernels {
            for accumulate in [false, true] {
                let c = Self.run(kernel, transposes: transposes, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                                 initial: initial, ldc: ldc, accumulate: accumulate)
                var worst = 0.0
                for i in 0..<m {
                    for j in 0..<ldc {
                        var expected = Double(initial[i * ldc + j])   // columns past n must be left untouched
                        if j < n {
                            let product = (0..<k).reduce(0.0) { $0 + elementA(i, $1) * elementB($1, j) }
                            expected = accumulate ? expected + product : product
                        }
                        worst = max(worst, abs(Double(c[i * ldc + j]) - expected))
                    }
                }
                #expect(worst <= 1e-5 * Double(k).squareRoot() + 1e-6,
                        "\(kernel) m \(m) k \(k) n \(n) transposes \(ta) \(tb) accumulate \(accumulate): error \(worst)")
            }
            // A bias row seeds the accumulators: C = bias + op(A)·op(B) in every row, whatever C held.
            let bias = (0..<n).map { _ in Float(Double.random(in: -1...1, using: &generator)) }
            let c = Self.run(kernel, transposes: transposes, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                             initial: initial, ldc: ldc, accumulate: false, bias: bias)
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<ldc {
                    let expected = j < n ? Double(bias[j]) + (0..<k).reduce(0.0) { $0 + elementA(i, $1) * elementB($1, j) } : Double(initial[i * ldc + j])
                    worst = max(worst, abs(Double(c[i * ldc + j]) - expected))
                }
            }
            #expect(worst <= 1e-5 * Double(k).squareRoot() + 1e-6, "\(kernel) with bias, m \(m) k \(k) n \(n): error \(worst)")
        }
    }
}
