import Testing
@testable import Tensors
import TestSupport

/// The Swift matrix kernel that stands in for OpenBLAS' pre-AVX2 kernels, against a Double triple loop, on shapes
/// that exercise every edge: row tails (m mod 6), column tails (n mod 16), several depth blocks (k > 512),
/// accumulation into C, leading dimensions wider than the matrices, and all four transpose combinations.
struct PortableGEMMTests {
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)],
          [(1, 1, 1), (7, 5, 3), (13, 17, 33), (6, 16, 16), (25, 600, 19), (12, 1100, 2)])
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
        for accumulate in [false, true] {
            var c = initial
            a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
                PortableGEMM.multiply(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: a.baseAddress!, lda: lda,
                                      b: b.baseAddress!, ldb: ldb, c: c.baseAddress!, ldc: ldc, accumulate: accumulate)
            } } }
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<ldc {
                    var expected = Double(initial[i * ldc + j])
                    if j < n {
                        let product = (0..<k).reduce(0.0) { $0 + elementA(i, $1) * elementB($1, j) }
                        expected = accumulate ? expected + product : product
                    }
                    worst = max(worst, abs(Double(c[i * ldc + j]) - expected))   // padding columns must be untouched
                }
            }
            #expect(worst <= 1e-5 * Double(k).squareRoot() + 1e-6, "m \(m) k \(k) n \(n) transposes \(ta) \(tb) accumulate \(accumulate): error \(worst)")
        }
    }
}
