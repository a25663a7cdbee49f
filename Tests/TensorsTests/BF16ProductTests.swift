import Foundation
import Testing
import CKernels
@testable import Tensors
import TestSupport

/// The bf16 kernel (`BF16GEMM`, `ProductPrecision.bf16`): bf16 rounding of chosen values, and products on every
/// transpose combination, odd depths and ragged edges against a float64 reference, within the error of rounding
/// each input to 8 significant bits and summing in float32; the same C for 1 and 2 threads.
struct BF16ProductTests {
    static let needsBF16 = ProductPrecision.cpuRunsBF16
    static let skipReason: Comment = "needs a CPU with AVX512_BF16 (the kernel's instructions); elsewhere only the scalar fallback runs"

    // MARK: - Rounding

    /// Float bits → the bf16 bits round-to-nearest-even gives, by hand.
    static let roundings: [(UInt32, UInt16)] = [
        (0x3F80_0000, 0x3F80),   // 1 exactly
        (0x3F80_8000, 0x3F80),   // 1 + 2⁻⁸, halfway: ties to the even 0x3F80
        (0x3F81_8000, 0x3F82),   // halfway above an odd bf16: up to the even one
        (0x3F80_8001, 0x3F81),   // just above halfway: up
        (0x3F80_7FFF, 0x3F80),   // just below halfway: down
        (0xC020_0000, 0xC020),   // −2.5
        (0x7F7F_FFFF, 0x7F80),   // the largest float rounds up to infinity
        (0x7F7F_7FFF, 0x7F7F),   // below halfway to infinity: the largest bf16
        (0x7F80_0000, 0x7F80),   // +∞
        (0xFF80_0000, 0xFF80),   // −∞
        (0x7FC0_0000, 0x7FC0),   // quiet NaN
        (0x7F80_0001, 0x7FC0),   // signalling NaN, payload in the low bits: stays NaN, made quiet
        (0xFFFF_FFFF, 0xFFFF),   // NaN with every bit set
        (0x0000_0001, 0x0000),   // the smallest subnormal: zero
        (0x807F_FFFF, 0x8000),   // the largest negative subnormal: −0
        (0x8000_0000, 0x8000),   // −0
        (0x0080_0000, 0x0080),   // the smallest normal
    ]

    @Test func roundingToNearestEvenWithInfinitiesNaNsAndSubnormals() {
        for (bits, expected) in Self.roundings {
            let rounded = BF16GEMM.round(Float(bitPattern: bits))
            #expect(rounded == expected, "0x\(String(bits, radix: 16)) → 0x\(String(rounded, radix: 16)), expected 0x\(String(expected, radix: 16))")
        }
    }

    @Test(.enabled(if: needsBF16, skipReason))
    func theInstructionRoundsAsTheScalarRounding() {
        var generator = testGenerator(7)
        // The chosen values, then random bit patterns (every class: NaNs, subnormals, ties), 37 at a time past 32.
        let values = Self.roundings.map { Float(bitPattern: $0.0) } + (0..<10_000).map { _ in Float(bitPattern: UInt32.random(in: .min ... .max, using: &generator)) }
        let byInstruction = BF16GEMM.roundByInstruction(values)
        let mismatches = zip(values, byInstruction).filter { BF16GEMM.round($0) != $1 }.map(\.0.bitPattern)
        let mismatchCount = mismatches.count
        #expect(mismatchCount == 0, "first differing: \(mismatches.prefix(3).map { "0x\(String($0, radix: 16))" })")
    }

    // MARK: - Products

    struct Case: CustomTestStringConvertible, Sendable {
        let transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int
        var testDescription: String { "\(transposeA ? "T" : "N")\(transposeB ? "T" : "N") \(m)×\(n)×\(k)" }
    }

    /// Every transpose combination, with odd depths, depths past one block of 256, ragged rows (not a multiple of 12)
    /// and columns (not of 16 or 32), and splits by rows and by column panels.
    static let cases: [Case] = [
        Case(transposeA: false, transposeB: true, m: 131, n: 77, k: 43),     // forward x·Wᵀ, odd k
        Case(transposeA: false, transposeB: false, m: 125, n: 43, k: 301),   // input gradient, two depth blocks
        Case(transposeA: true, transposeB: false, m: 67, n: 43, k: 517),     // weight gradient, few rows: by panels
        Case(transposeA: true, transposeB: true, m: 29, n: 100, k: 135),     // both transposed, by panels
        Case(transposeA: false, transposeB: false, m: 1, n: 1, k: 1),        // one element, one odd depth
        Case(transposeA: true, transposeB: true, m: 200, n: 17, k: 2),       // one pair
    ]

    /// C from `ParallelGEMM.multiplyBF16` on `threads` threads, and the reference: Σ a·b in float64 over the float
    /// operands, Σ |a||b|, and Σ bf16(a)·bf16(b) in float64, per element (before any bias, accumulation or tanh).
    static func run(_ shape: Case, _ operands: ParallelGEMMTests.Operands, threads: Int, accumulate: Bool, bias: Bool,
                    tanh: Bool) -> [Float] {
        var c = operands.c
        operands.a.withUnsafeBufferPointer { a in operands.b.withUnsafeBufferPointer { b in operands.bias.withUnsafeBufferPointer { row in
            c.withUnsafeMutableBufferPointer { c in
                ParallelGEMM.multiplyBF16(pool: WorkerPool(threadCount: threads), transposeA: shape.transposeA, transposeB: shape.transposeB,
                                          m: shape.m, n: shape.n, k: shape.k, a: a.baseAddress!, lda: operands.lda, b: b.baseAddress!,
                                          ldb: operands.ldb, c: c.baseAddress!, ldc: operands.ldc, accumulate: accumulate,
                                          bias: bias ? row.baseAddress : nil, tanh: tanh)
            }
        } } }
        return c
    }

    struct Reference { var exact: Double, magnitude: Double, rounded: Double }

    static func reference(_ shape: Case, _ o: ParallelGEMMTests.Operands, _ i: Int, _ j: Int) -> Reference {
        var result = Reference(exact: 0, magnitude: 0, rounded: 0)
        func bf16(_ x: Float) -> Double { Double(Float(bitPattern: UInt32(BF16GEMM.round(x)) << 16)) }
        for p in 0..<shape.k {
            let a = shape.transposeA ? o.a[p * o.lda + i] : o.a[i * o.lda + p]
            let b = shape.transposeB ? o.b[j * o.ldb + p] : o.b[p * o.ldb + j]
            result.exact += Double(a) * Double(b)
            result.magnitude += abs(Double(a) * Double(b))
            result.rounded += bf16(a) * bf16(b)
        }
        return result
    }

    @Test(.enabled(if: needsBF16, skipReason), arguments: cases)
    func productsAreWithinTheBF16BoundAndSumTheRoundedInputs(_ shape: Case) {
        let operands = ParallelGEMMTests.Operands(ParallelGEMMTests.Case(transposeA: shape.transposeA, transposeB: shape.transposeB,
                                                                          m: shape.m, n: shape.n, k: shape.k), seed: 11)
        let c = Self.run(shape, operands, threads: 1, accumulate: false, bias: false, tanh: false)
        var worstBound = 0.0, worstRounding = 0.0, largestDeparture = 0.0
        for i in 0..<shape.m {
            for j in 0..<shape.n {
                let r = Self.reference(shape, operands, i, j), value = Double(c[i * operands.ldc + j])
                // Each input rounded to 8 significant bits (relative error ≤ 2⁻⁹ each) and float32 sums.
                let bound = 2 * pow(2, -8) * r.magnitude + Double(shape.k + 2) * pow(2, -24) * r.magnitude
                worstBound = max(worstBound, abs(value - r.exact) / bound)
                // Against the sum of the rounded products: only float32 summation error remains.
                let summation = Double(shape.k + 2) * pow(2, -24) * r.magnitude + 1e-30
                worstRounding = max(worstRounding, abs(value - r.rounded) / summation)
                largestDeparture = max(largestDeparture, abs(value - r.exact) / max(r.magnitude, 1e-30))
            }
        }
        #expect(worstBound <= 1, "error \(worstBound)× the bf16 bound")
        #expect(worstRounding <= 1, "departs from the sum of bf16-rounded products by \(worstRounding)× float32 summation error")
        // The inputs really are rounded: a float32 product would stay within about k·2⁻²⁴ of the exact sum.
        if shape.k > 1 { #expect(largestDeparture > 1e-4, "no bf16 rounding visible (\(largestDeparture))") }
    }

    @Test(.enabled(if: needsBF16, skipReason), arguments: cases)
    func twoThreadsGiveTheSerialResultWithBiasAccumulationAndTanh(_ shape: Case) {
        let operands = ParallelGEMMTests.Operands(ParallelGEMMTests.Case(transposeA: shape.transposeA, transposeB: shape.transposeB,
                                                                          m: shape.m, n: shape.n, k: shape.k), seed: 12)
        for (accumulate, bias, tanh) in [(false, false, false), (true, false, false), (false, true, true)] {
            let serial = Self.run(shape, operands, threads: 1, accumulate: accumulate, bias: bias, tanh: tanh)
            let parallel = Self.run(shape, operands, threads: 2, accumulate: accumulate, bias: bias, tanh: tanh)
            #expect(serial.map(\.bitPattern) == parallel.map(\.bitPattern), "accumulate \(accumulate), bias \(bias), tanh \(tanh)")
            // What the start of C does: the initial C added, or the bias, then tanh.
            let i = shape.m - 1, j = shape.n - 1, index = i * operands.ldc + j
            let reference = Self.reference(shape, operands, i, j)
            let start = accumulate ? Double(operands.c[index]) : bias ? Double(operands.bias[j]) : 0
            let expected = tanh ? Foundation.tanh(start + reference.rounded) : start + reference.rounded
            let tolerance = Double(shape.k + 4) * pow(2, -24) * (reference.magnitude + abs(start)) + 1e-6
            #expect(abs(Double(serial[index]) - expected) <= tolerance, "corner \(serial[index]) against \(expected)")
            // Outside C's columns (the leading dimension's padding) nothing is written.
            #expect(serial[i * operands.ldc + shape.n] == operands.c[i * operands.ldc + shape.n])
        }
    }

    @Test(.enabled(if: needsBF16, skipReason))
    func theScopeRoutesFloatProductsAndLeavesDoubleOnesAlone() {
        var generator = testGenerator(3)
        let a = Tensor.randomNormal(shape: [40, 33], using: &generator), w = Tensor.randomNormal(shape: [21, 33], using: &generator)
        let bias = Tensor.randomNormal(shape: [21], using: &generator)
        let fp32 = Tensor.linear(a, weight: w, bias: bias).scalars
        let bf16 = ProductPrecision.with(.bf16) { Tensor.linear(a, weight: w, bias: bias).scalars }
        let departure = zip(fp32, bf16).map { abs($0 - $1) }.max() ?? 0
        #expect(departure > 1e-4 && departure < 0.2, "bf16 products depart from fp32 by \(departure)")
        let a64 = a.converted(to: .float64), w64 = w.converted(to: .float64)
        let double = Tensor.matmul(a64, w64, transposingB: true).doubles
        let scoped = ProductPrecision.with(.bf16) { Tensor.matmul(a64, w64, transposingB: true).doubles }
        #expect(double == scoped, "float64 products changed under bf16")
        #expect(ProductPrecision.current == .fp32)
    }
}
