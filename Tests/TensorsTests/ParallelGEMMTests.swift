import Foundation
import Testing
@testable import Tensors
import TestSupport

/// Our matrix kernels split over 1, 2 and 3 workers (`ParallelGEMM`, private pools) give C bit for bit as the serial
/// kernel does, on shapes that reach every way of splitting: by rows (op(A) with ≥ 256 rows), by column panels (few
/// rows), the AVX-512 kernel's (Bᵀ·A)ᵀ route and its 8×48 tile, with accumulation, a bias row and the fused tanh.
struct ParallelGEMMTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int
        var testDescription: String { "\(transposeA ? "T" : "N")\(transposeB ? "T" : "N") \(m)×\(n)×\(k)" }
    }

    static let cases: [Case] = [
        Case(transposeA: false, transposeB: true, m: 600, n: 130, k: 43),     // forward x·Wᵀ, by rows
        Case(transposeA: false, transposeB: false, m: 520, n: 43, k: 200),    // input gradient, 8×48 tile, by rows
        Case(transposeA: true, transposeB: false, m: 200, n: 300, k: 700),    // weight gradient, few rows: by panels
        Case(transposeA: true, transposeB: false, m: 300, n: 20, k: 600),     // (Bᵀ·A)ᵀ route, parts of Bᵀ·A's columns
        Case(transposeA: false, transposeB: false, m: 100, n: 400, k: 530),   // five depth blocks, B in place, by panels
        Case(transposeA: true, transposeB: true, m: 270, n: 90, k: 300),      // packed op(A), transposed B
    ]

    enum Kernel: CaseIterable, Sendable { case avx2, avx512 }

    static var kernels: [Kernel] { CPUFeatures.hasAVX512 ? [.avx2, .avx512] : [.avx2] }

    /// Random operands with leading dimensions 5 wider than the matrices, and an initial C.
    struct Operands {
        var a: [Float], b: [Float], c: [Float], bias: [Float]
        let lda: Int, ldb: Int, ldc: Int

        init(_ shape: Case, seed: UInt64) {
            var generator = testGenerator(seed)
            func draws(_ count: Int) -> [Float] { (0..<count).map { _ in Float(Double.random(in: -1...1, using: &generator)) } }
            let aRows = shape.transposeA ? shape.k : shape.m, aColumns = shape.transposeA ? shape.m : shape.k
            let bRows = shape.transposeB ? shape.n : shape.k, bColumns = shape.transposeB ? shape.k : shape.n
            lda = aColumns + 5
            ldb = bColumns + 5
            ldc = shape.n + 5
            a = draws(aRows * lda)
            b = draws(bRows * ldb)
            c = draws(shape.m * ldc)
            bias = draws(shape.n)
        }
    }

    /// C after the product on `kernel`, serial (`workers` nil: the kernels' own single-call entry points) or through
    /// `ParallelGEMM` on a pool of `workers` threads.
    static func product(_ kernel: Kernel, _ shape: Case, _ operands: Operands, workers: Int?, accumulate: Bool, bias: Bool, tanh: Bool) -> [Float] {
        var c = operands.c
        let (m, n, k, ta, tb) = (shape.m, shape.n, shape.k, shape.transposeA, shape.transposeB)
        operands.a.withUnsafeBufferPointer { a in operands.b.withUnsafeBufferPointer { b in operands.bias.withUnsafeBufferPointer { row in
            c.withUnsafeMutableBufferPointer { c in
                let a = a.baseAddress!, b = b.baseAddress!, c = c.baseAddress!, row = bias ? row.baseAddress : nil
                if let workers {
                    ParallelGEMM.multiply(kernel: kernel == .avx2 ? .ownPortable : .ownAVX512, pool: WorkerPool(threadCount: workers),
                                          transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: a, lda: operands.lda, b: b, ldb: operands.ldb,
                                          c: c, ldc: operands.ldc, accumulate: accumulate, bias: row, tanh: tanh)
                    return
                }
                switch kernel {
                case .avx2:
                    PortableGEMM.multiply(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: a, lda: operands.lda, b: b, ldb: operands.ldb,
                                          c: c, ldc: operands.ldc, accumulate: accumulate, bias: row)
                    if tanh {
                        for i in 0..<m { for j in 0..<n { c[i * operands.ldc + j] = FloatMath.tanh(c[i * operands.ldc + j]) } }
                    }
                case .avx512:
                    var scratch = [Float](repeating: .nan, count: AVX512GEMM.scratchCount(m: m, n: n, k: k, transposeA: ta, transposeB: tb))
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        AVX512GEMM.multiply(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: a, lda: operands.lda, b: b, ldb: operands.ldb,
                                            c: c, ldc: operands.ldc, accumulate: accumulate, bias: row, tanh: tanh, scratch: scratch.baseAddress!)
                    }
                }
            }
        } } }
        return c
    }

    /// How many parts `ParallelGEMM` splits the case into on `workers` threads.
    static func parts(_ kernel: Kernel, _ shape: Case, workers: Int) -> Int {
        let wanted = ParallelGEMM.partsWanted(m: shape.m, n: shape.n, k: shape.k, threads: workers)
        switch kernel {
        case .avx2: return PortableSplit(m: shape.m, n: shape.n, parts: wanted).count
        case .avx512:
            return AVX512GEMM.partition(m: shape.m, n: shape.n, k: shape.k, transposeA: shape.transposeA, transposeB: shape.transposeB,
                                        parts: wanted).count
        }
    }

    @Test(arguments: cases)
    func everyWorkerCountGivesTheSerialProduct(shape: Case) {
        let operands = Operands(shape, seed: UInt64(shape.m * 1_000 + shape.n))
        for kernel in Self.kernels {
            for (accumulate, bias, tanh) in [(false, false, false), (true, false, false), (false, true, true)] {
                let serial = Self.product(kernel, shape, operands, workers: nil, accumulate: accumulate, bias: bias, tanh: tanh)
                for workers in [1, 2, 3] {
                    // The split is real: as many parts as workers for these shapes.
                    #expect(Self.parts(kernel, shape, workers: workers) == workers, "\(kernel) \(shape.testDescription) on \(workers)")
                    let parallel = Self.product(kernel, shape, operands, workers: workers, accumulate: accumulate, bias: bias, tanh: tanh)
                    let differing = zip(serial, parallel).filter { $0.bitPattern != $1.bitPattern }.count
                    #expect(differing == 0, "\(kernel) \(shape.testDescription) \(workers) workers, accumulate \(accumulate) bias \(bias) tanh \(tanh): \(differing) elements differ")
                }
            }
        }
    }

    /// The parallel product is the product: against a Double loop, so that a split that skipped or repeated a block (and
    /// a serial kernel that agreed with it) would fail.
    @Test func parallelProductAgreesWithNaiveLoop() {
        let shape = Case(transposeA: true, transposeB: false, m: 300, n: 20, k: 600)
        let operands = Operands(shape, seed: 7)
        for kernel in Self.kernels {
            let c = Self.product(kernel, shape, operands, workers: 3, accumulate: true, bias: false, tanh: false)
            var worst = 0.0
            for i in 0..<shape.m {
                for j in 0..<operands.ldc {
                    var expected = Double(operands.c[i * operands.ldc + j])
                    if j < shape.n {
                        for p in 0..<shape.k { expected += Double(operands.a[p * operands.lda + i]) * Double(operands.b[p * operands.ldb + j]) }
                    }
                    worst = max(worst, abs(Double(c[i * operands.ldc + j]) - expected))
                }
            }
            #expect(worst < 1e-3, "\(kernel): error \(worst)")
        }
    }

    /// Small products stay on the calling thread: splitting them costs more than it saves.
    @Test func smallProductsAreNotSplit() {
        #expect(ParallelGEMM.partsWanted(m: 64, n: 10, k: 2, threads: 4) == 1)
        #expect(ParallelGEMM.partsWanted(m: 1000, n: 512, k: 512, threads: 3) == 3)
        #expect(ParallelGEMM.partsWanted(m: 1000, n: 512, k: 512, threads: 1) == 1)
    }
}
