import Foundation
import Testing
@testable import Tensors
import TestSupport

/// Winograd's F(2 × 2, 3 × 3) and F(4 × 4, 3 × 3) (`WinogradTransform`) in every pass of `Tensor.conv2d`: the matrices
/// against the 1-D correlation they stand for, each pass against the direct kernels in float64 (tight) and float32
/// (within the error bound the transform's doc comment derives), gradients by central differences, and results
/// independent of the thread count. Shapes cover odd and even planes down to 1 × 1, tiles that reach past the
/// plane, channel counts that are not multiples of 16, parts with fewer images than the others, and (64 → 64 channels
/// on 28 × 28 in float64) parts multiplied in several chunks.
struct WinogradConvolutionTests {
    typealias Shape5 = (batch: Int, input: Int, output: Int, height: Int, width: Int)

    static let shapes: [Shape5] = [
        (2, 3, 5, 7, 7), (3, 17, 20, 14, 14), (1, 16, 16, 16, 16), (2, 5, 4, 1, 1), (5, 4, 6, 5, 9), (1, 2, 3, 2, 3),
        (3, 33, 18, 6, 5), (2, 64, 64, 28, 28),
    ]
    static let transforms: [WinogradTransform] = [.f2, .f4]

    /// The passes of one convolution: the output, and the gradients of Σ y·r for a fixed r.
    struct Passes {
        var output, inputGradient, weightGradient, biasGradient: Tensor
    }

    static func passes(_ x: Tensor, _ weight: Tensor, _ bias: Tensor, direction: Tensor, plan: @escaping (ConvolutionGeometry) -> ConvolutionPlan) -> Passes {
        let (input, filters, offsets) = (x.requiringGradient(), weight.requiringGradient(), bias.requiringGradient())
        let y = Tensor.conv2d(input, weight: filters, bias: offsets, plan: plan)
        let gradients = (y * direction).sum().gradients(withRespectTo: [input, filters, offsets])
        return Passes(output: y.detached(), inputGradient: gradients[0], weightGradient: gradients[1], biasGradient: gradients[2])
    }

    /// Random operands of `shape` in float64: x, W, b and the output's gradient r.
    static func operands(_ shape: Shape5, seed: UInt64) -> [Tensor] {
        [randomDoubles([shape.batch, shape.input, shape.height, shape.width], seed: seed),
         randomDoubles([shape.output, shape.input, 3, 3], seed: seed + 1), randomDoubles([shape.output], seed: seed + 2),
         randomDoubles([shape.batch, shape.output, shape.height, shape.width], seed: seed + 3)]
    }

    static func direct(_ g: ConvolutionGeometry) -> ConvolutionPlan { ConvolutionPlan(method: .perTap, g) }

    // MARK: The error bound of `WinogradTransform`

    /// κ of the forward pass (and the input's gradient): the largest entry of |Aᵀ|[(|G|𝟙|Gᵀ|) ⊙ (|Bᵀ|𝟙|B|)]|A|.
    static func forwardAmplification(_ t: WinogradTransform) -> Double {
        let (a, m) = (t.alpha, t.tile)
        let g = t.filterMatrix.map(abs), bt = t.dataMatrix.map(abs), at = t.outputMatrix.map(abs)
        func filter(_ i: Int, _ j: Int) -> Double { (0..<3).reduce(0) { $0 + g[i * 3 + $1] } * (0..<3).reduce(0) { $0 + g[j * 3 + $1] } }
        func data(_ i: Int, _ j: Int) -> Double { (0..<a).reduce(0) { $0 + bt[i * a + $1] } * (0..<a).reduce(0) { $0 + bt[j * a + $1] } }
        var largest = 0.0
        for r in 0..<m {
            for s in 0..<m {
                var total = 0.0
                for i in 0..<a { for j in 0..<a { total += at[r * a + i] * filter(i, j) * data(i, j) * at[s * a + j] } }
                largest = max(largest, total)
            }
        }
        return largest
    }

    /// κ of the weight gradient: the largest entry of |Gᵀ|[(|A|𝟙|Aᵀ|) ⊙ (|Bᵀ|𝟙|B|)]|G|.
    static func weightAmplification(_ t: WinogradTransform) -> Double {
        let (a, m) = (t.alpha, t.tile)
        let g = t.filterMatrix.map(abs), bt = t.dataMatrix.map(abs), at = t.outputMatrix.map(abs)
        func gradient(_ i: Int, _ j: Int) -> Double { (0..<m).reduce(0) { $0 + at[$1 * a + i] } * (0..<m).reduce(0) { $0 + at[$1 * a + j] } }
        func data(_ i: Int, _ j: Int) -> Double { (0..<a).reduce(0) { $0 + bt[i * a + $1] } * (0..<a).reduce(0) { $0 + bt[j * a + $1] } }
        var largest = 0.0
        for r in 0..<3 {
            for s in 0..<3 {
                var total = 0.0
                for i in 0..<a { for j in 0..<a { total += g[i * 3 + r] * gradient(i, j) * data(i, j) * g[j * 3 + s] } }
                largest = max(largest, total)
            }
        }
        return largest
    }

    /// γₙ·terms·κ·max|a|·max|b| with n = `roundingDepth(terms:)` and the unit roundoff of `dtype`.
    static func bound(_ t: WinogradTransform, terms: Int, amplification: Double, _ a: Tensor, _ b: Tensor, dtype: DType) -> Double {
        let u = dtype == .float32 ? Double(Float.ulpOfOne) / 2 : Double.ulpOfOne / 2
        let n = Double(t.roundingDepth(terms: terms))
        let largest = { (x: Tensor) in x.doubles.map(abs).max() ?? 0 }
        return n * u / (1 - n * u) * Double(terms) * amplification * largest(a) * largest(b)
    }

    @Test func amplificationsAreTheDocumentedOnes() {
        #expect(Self.forwardAmplification(.f2) == 64 && Self.forwardAmplification(.f4) == 2304)
        #expect(Self.weightAmplification(.f2) == 36 && abs(Self.weightAmplification(.f4) - 2844.44) < 0.01)
    }

    // MARK: Laws

    @Test(arguments: transforms)
    func matricesComputeTheOneDimensionalCorrelation(transform t: WinogradTransform) {
        // y = Aᵀ[(G g) ⊙ (Bᵀ d)] is y_i = Σ_j g_j d_{i+j} (Lavin & Gray 2016, eq. (5)).
        let (a, m) = (t.alpha, t.tile)
        let (bt, g, at) = (t.dataMatrix, t.filterMatrix, t.outputMatrix)
        let d = randomDoubles([a], seed: 5).doubles, filter = randomDoubles([3], seed: 6).doubles
        let transformedFilter = (0..<a).map { i in (0..<3).reduce(0) { $0 + g[i * 3 + $1] * filter[$1] } }
        let transformedData = (0..<a).map { i in (0..<a).reduce(0) { $0 + bt[i * a + $1] * d[$1] } }
        for i in 0..<m {
            let winograd = (0..<a).reduce(0) { $0 + at[i * a + $1] * transformedFilter[$1] * transformedData[$1] }
            let direct = (0..<3).reduce(0) { $0 + filter[$1] * d[i + $1] }
            #expect(abs(winograd - direct) < 1e-13)
        }
    }

    @Test(arguments: transforms, shapes)
    func doublePassesMatchTheDirectKernels(transform t: WinogradTransform, shape: Shape5) {
        let operands = Self.operands(shape, seed: 31)
        let winograd = Self.passes(operands[0], operands[1], operands[2], direction: operands[3]) { ConvolutionPlan(winograd: t, $0) }
        let direct = Self.passes(operands[0], operands[1], operands[2], direction: operands[3], plan: Self.direct)
        let tiles = shape.batch * ((shape.height + t.tile - 1) / t.tile) * ((shape.width + t.tile - 1) / t.tile)
        let (kappa, kappaW) = (Self.forwardAmplification(t), Self.weightAmplification(t))
        let forward = Self.bound(t, terms: shape.input, amplification: kappa, operands[0], operands[1], dtype: .float64)
        let input = Self.bound(t, terms: shape.output, amplification: kappa, operands[3], operands[1], dtype: .float64)
        let weight = Self.bound(t, terms: tiles, amplification: kappaW, operands[3], operands[0], dtype: .float64)
        #expect(maximumAbsoluteDifference(winograd.output, direct.output) <= forward)
        #expect(maximumAbsoluteDifference(winograd.inputGradient, direct.inputGradient) <= input)
        #expect(maximumAbsoluteDifference(winograd.weightGradient, direct.weightGradient) <= weight)
        #expect(maximumAbsoluteDifference(winograd.biasGradient, direct.biasGradient) < 1e-12 * Double(shape.batch * shape.height * shape.width))
    }

    @Test(arguments: transforms, shapes)
    func floatPassesStayWithinTheErrorBound(transform t: WinogradTransform, shape: Shape5) {
        let operands = Self.operands(shape, seed: 41)
        let single = operands.map { $0.converted(to: .float32) }
        let winograd = Self.passes(single[0], single[1], single[2], direction: single[3]) { ConvolutionPlan(winograd: t, $0) }
        let exact = Self.passes(operands[0], operands[1], operands[2], direction: operands[3], plan: Self.direct)
        let tiles = shape.batch * ((shape.height + t.tile - 1) / t.tile) * ((shape.width + t.tile - 1) / t.tile)
        let (kappa, kappaW) = (Self.forwardAmplification(t), Self.weightAmplification(t))
        // The bound is on the error from the float32 operands; their own rounding adds a direct sum's error.
        let rounding = { (terms: Int, a: Tensor, b: Tensor) in
            Double(terms) * Double(Float.ulpOfOne) * (a.doubles.map(abs).max() ?? 0) * (b.doubles.map(abs).max() ?? 0)
        }
        let forward = Self.bound(t, terms: shape.input, amplification: kappa, operands[0], operands[1], dtype: .float32)
            + rounding(9 * shape.input, operands[0], operands[1])
        let input = Self.bound(t, terms: shape.output, amplification: kappa, operands[3], operands[1], dtype: .float32)
            + rounding(9 * shape.output, operands[3], operands[1])
        let weight = Self.bound(t, terms: tiles, amplification: kappaW, operands[3], operands[0], dtype: .float32)
            + rounding(shape.batch * shape.height * shape.width, operands[3], operands[0])
        #expect(maximumAbsoluteDifference(winograd.output, exact.output) <= forward)
        #expect(maximumAbsoluteDifference(winograd.inputGradient, exact.inputGradient) <= input)
        #expect(maximumAbsoluteDifference(winograd.weightGradient, exact.weightGradient) <= weight)
    }

    @Test(arguments: transforms)
    func gradientsMatchCentralDifferences(transform t: WinogradTransform) {
        let plan = { ConvolutionPlan(winograd: t, $0) }
        #expect(GradientTests.check([[2, 3, 5, 7], [4, 3, 3, 3], [4]]) { Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], plan: plan) }
                    <= GradientTests.tolerance)
        #expect(GradientTests.check([[3, 17, 2, 3], [18, 17, 3, 3]]) { Tensor.conv2d($0[0], weight: $0[1], bias: nil, plan: plan) }
                    <= GradientTests.tolerance)
    }

    @Test func gradientsThroughTheWinogradMethodMatchCentralDifferences() {
        #expect(GradientTests.check([[2, 4, 6, 5], [3, 4, 3, 3], [3]]) { Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], method: .winograd) }
                    <= GradientTests.tolerance)
    }

    @Test(arguments: transforms)
    func resultsDoNotDependOnTheThreadCount(transform t: WinogradTransform) {
        var generator = testGenerator(7)
        let x = Tensor.randomNormal(shape: [9, 20, 10, 11], dtype: .float32, using: &generator).requiringGradient()
        let weight = Tensor.randomNormal(shape: [24, 20, 3, 3], dtype: .float32, using: &generator).requiringGradient()
        let bias = Tensor.randomNormal(shape: [24], dtype: .float32, using: &generator).requiringGradient()
        func run() -> [[Float]] {
            let y = Tensor.conv2d(x, weight: weight, bias: bias) { ConvolutionPlan(winograd: t, $0) }
            return [y.scalars] + (y * y).sum().gradients(withRespectTo: [x, weight, bias]).map(\.scalars)
        }
        let serial = WorkerPool(threadCount: 1).withCurrent(run)
        let pool = WorkerPool(threadCount: 2)
        for _ in 0..<3 { #expect(pool.withCurrent(run) == serial) }
    }
}
