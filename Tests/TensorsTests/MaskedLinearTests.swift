import Testing
import Tensors
import TestSupport

/// `MaskBlocks` and `Tensor.maskedLinear`: the strips cover every nonzero of the mask, and the strip-wise products
/// (values and all three gradients) equal the dense `linear(x, W ⊙ M)` for staircase, random and degenerate masks.
struct MaskedLinearTests {
    /// A MADE-like staircase `[rows, columns]`: row r reads the columns below a threshold growing with r.
    static func staircase(rows: Int, columns: Int, strict: Bool = false) -> Tensor {
        Tensor(shape: [rows, columns], scalars: (0..<rows).flatMap { r in
            (0..<columns).map { c in (strict ? c * rows < r * columns : c * rows <= r * columns) ? 1 : 0 }
        })
    }

    /// Zeros and ones drawn with probability `density`, with rows 3 and 40 (when present) left empty.
    static func randomMask(rows: Int, columns: Int, density: Double, seed: UInt64) -> Tensor {
        var generator = testGenerator(seed)
        return Tensor(shape: [rows, columns], scalars: (0..<rows).flatMap { r in
            (0..<columns).map { _ in r != 3 && r != 40 && Double.random(in: 0..<1, using: &generator) < density ? 1 : 0 }
        })
    }

    /// The masks the tests run over, named (test arguments must be `Sendable`; a tensor's storage is shared by
    /// reference, so each test builds its own).
    enum MaskCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case staircase, strictStaircase, random, zeros, ones

        var tensor: Tensor {
            switch self {
            case .staircase: return MaskedLinearTests.staircase(rows: 100, columns: 70)
            case .strictStaircase: return MaskedLinearTests.staircase(rows: 70, columns: 100, strict: true)
            case .random: return MaskedLinearTests.randomMask(rows: 80, columns: 45, density: 0.3, seed: 1)
            case .zeros: return Tensor(zeros: [40, 33])
            case .ones: return Tensor(repeating: 1, shape: [37, 65])
            }
        }

        var testDescription: String { rawValue }
    }

    @Test(arguments: MaskCase.allCases)
    func stripsPartitionTheLinesAndHoldEveryNonzero(maskCase: MaskCase) {
        let mask = maskCase.tensor
        let blocks = MaskBlocks(mask: mask)
        let rows = mask.shape[0], columns = mask.shape[1], values = mask.doubles
        #expect(blocks.rowStrips.map(\.lines.count).reduce(0, +) == rows)
        #expect(blocks.columnStrips.map(\.lines.count).reduce(0, +) == columns)
        #expect(zip(blocks.rowStrips.dropLast(), blocks.rowStrips.dropFirst()).allSatisfy { $0.lines.upperBound == $1.lines.lowerBound })
        for strip in blocks.rowStrips {
            for r in strip.lines { for c in 0..<columns where values[r * columns + c] != 0 { #expect(strip.span.contains(c)) } }
        }
        for strip in blocks.columnStrips {
            for c in strip.lines { for r in 0..<rows where values[r * columns + c] != 0 { #expect(strip.span.contains(r)) } }
        }
    }

    @Test func aStaircaseCostsAboutHalfADenseProductAndADenseMaskAllOfIt() {
        let made = MaskBlocks(mask: Self.staircase(rows: 512, columns: 512))
        #expect(made.rowWorkFraction < 0.6 && made.columnWorkFraction < 0.6)
        #expect(made.rowStrips.count > 4)
        let dense = MaskBlocks(mask: Tensor(repeating: 1, shape: [512, 43]))
        #expect(dense.rowStrips.count == 1 && dense.rowWorkFraction == 1)
    }

    @Test(arguments: MaskCase.allCases, [(DType.float32, false), (.float64, false), (.float32, true), (.float64, true)])
    func equalsTheDenseProductWithItsGradients(maskCase: MaskCase, variant: (dtype: DType, tanh: Bool)) {
        let mask = maskCase.tensor
        let dtype = variant.dtype
        var generator = testGenerator(5)
        let m = mask.converted(to: dtype), blocks = MaskBlocks(mask: m)
        let x = Tensor.randomNormal(shape: [29, mask.shape[1]], dtype: dtype, using: &generator).requiringGradient()
        let w = Tensor.randomNormal(shape: mask.shape, dtype: dtype, using: &generator).requiringGradient()
        let b = Tensor.randomNormal(shape: [mask.shape[0]], dtype: dtype, using: &generator).requiringGradient()
        let weights = Tensor.randomNormal(shape: [29, mask.shape[0]], dtype: dtype, using: &generator)
        let strips = Tensor.maskedLinear(x, weight: w, mask: m, blocks: blocks, bias: b, tanh: variant.tanh)
        let affine = Tensor.linear(x, weight: w * m, bias: b)
        let dense = variant.tanh ? affine.tanh() : affine
        let tolerance = dtype == .float32 ? 1e-4 : 1e-12
        #expect(maximumAbsoluteDifference(strips, dense) <= tolerance)
        let stripGradients = (strips * weights).sum().gradients(withRespectTo: [x, w, b])
        let denseGradients = (dense * weights).sum().gradients(withRespectTo: [x, w, b])
        for (s, d) in zip(stripGradients, denseGradients) { #expect(maximumAbsoluteDifference(s, d) <= tolerance) }
    }

    @Test(arguments: [false, true])
    func gradientsMatchFiniteDifferences(tanh: Bool) {
        let mask = Self.staircase(rows: 70, columns: 100).converted(to: .float64), blocks = MaskBlocks(mask: mask)
        #expect(blocks.rowStrips.count > 1 && blocks.columnStrips.count > 1)
        let weights = randomDoubles([6, 70], seed: 3)
        let error = GradientCheck.relativeError(of: { inputs in
            // The input is used twice, so the input gradient is accumulated into an existing one.
            let h = Tensor.maskedLinear(inputs[0], weight: inputs[1], mask: mask, blocks: blocks, bias: inputs[2], tanh: tanh)
            return (h * weights).sum() + (inputs[0] * inputs[0]).sum()
        }, at: [randomDoubles([6, 100], seed: 1), randomDoubles([70, 100], seed: 2) * 0.1, randomDoubles([70], seed: 4)])
        #expect(error <= 1e-6)
    }
}

/// Masks are named in the test log by their shape, not by their thousands of entries.
extension Tensor: CustomTestStringConvertible {
    public var testDescription: String { "tensor of shape \(shape)" }
}
