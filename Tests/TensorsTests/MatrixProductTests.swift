import Testing
import Tensors
import TestSupport

/// BLAS products in every transpose combination against a naive triple loop.
struct MatrixProductTests {
    static func naive(_ a: [Double], _ aShape: (Int, Int), transposingA: Bool, _ b: [Double], _ bShape: (Int, Int), transposingB: Bool) -> [Double] {
        func elementA(_ i: Int, _ k: Int) -> Double { transposingA ? a[k * aShape.1 + i] : a[i * aShape.1 + k] }
        func elementB(_ k: Int, _ j: Int) -> Double { transposingB ? b[j * bShape.1 + k] : b[k * bShape.1 + j] }
        let m = transposingA ? aShape.1 : aShape.0, k = transposingA ? aShape.0 : aShape.1, n = transposingB ? bShape.0 : bShape.1
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += elementA(i, p) * elementB(p, j) } } }
        return c
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)], [DType.float32, .float64])
    func agreesWithNaiveLoop(transposes: (Bool, Bool), dtype: DType) {
        let (ta, tb) = transposes
        let m = 7, k = 5, n = 3
        let aShape = ta ? (k, m) : (m, k), bShape = tb ? (n, k) : (k, n)
        var generator = testGenerator(9)
        let a = Tensor.randomNormal(shape: [aShape.0, aShape.1], dtype: dtype, using: &generator)
        let b = Tensor.randomNormal(shape: [bShape.0, bShape.1], dtype: dtype, using: &generator)
        let product = Tensor.matmul(a, b, transposingA: ta, transposingB: tb)
        #expect(product.shape == [m, n])
        let expected = Self.naive(a.doubles, aShape, transposingA: ta, b.doubles, bShape, transposingB: tb)
        #expect(isApproximatelyEqual(product.doubles, expected, tolerance: dtype == .float32 ? 1e-5 : 1e-12))
    }

    @Test func linearAddsTheBiasToEveryRow() {
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let w = Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1])
        let b = Tensor(shape: [3], scalars: [10, 20, 30])
        #expect(Tensor.linear(x, weight: w, bias: b).scalars == [11, 22, 33, 13, 24, 37])
    }

    @Test func mismatchedInnerExtentsStopWithBothShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.matmul(Tensor(zeros: [2, 3]), Tensor(zeros: [4, 5]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("matmul") && message.contains("[2, 3]") && message.contains("[4, 5]"))
    }
}
