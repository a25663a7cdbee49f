import Foundation
import Testing
@testable import Tensors

/// Error of float32 results against a Double reference, over dense grids.
///
/// "ulp" is |result − exact| divided by the float32 unit in the last place at the exact value's binade
/// (2^(⌊log₂|exact|⌋ − 23), never below the subnormal spacing 2⁻¹⁴⁹). The bounds asserted below sit just above
/// the maxima found by an exhaustive scan of every float in each function's range (quoted in `FloatMath`), and
/// below the project targets (2 ulp for exp/log/log1p, 3 ulp for sigmoid/softplus, 5.5 ulp for tanh, whose rational
/// form trades accuracy near ±1 for half the cost; see `FloatMath.tanh`).
struct FloatMathAccuracy {
    var worstULP = 0.0
    var worstInput: Float = 0
    /// Results whose exact value is below FLT_MIN, where only |result − exact| < FLT_MIN is required.
    var tinyFailures: [Float] = []
    var count = 0

    static func ulpError(_ y: Float, exact: Double) -> Double {
        let binade = exact == 0 ? -126 : max(Int(exact.exponent), -126)
        return abs(Double(y) - exact) / Double(sign: .plus, exponent: binade - 23, significand: 1)
    }

    mutating func check(_ x: Float, _ y: Float, exact: Double) {
        if abs(exact) < Double(Float.leastNormalMagnitude) {
            if !(abs(Double(y) - exact) < Double(Float.leastNormalMagnitude)) { tinyFailures.append(x) }
            return
        }
        let error = Self.ulpError(y, exact: exact)
        count += 1
        if !(error <= worstULP) { worstULP = error; worstInput = x }     // NaN results become the worst
    }

    static func measure(_ inputs: [Float], _ f: (Float) -> Float, _ reference: (Double) -> Double) -> Self {
        var accuracy = Self()
        for x in inputs { accuracy.check(x, f(x), exact: reference(Double(x))) }
        return accuracy
    }

    /// `count` evenly spaced floats from `a` to `b`.
    static func grid(_ a: Float, _ b: Float, count: Int) -> [Float] {
        (0..<count).map { a + (b - a) * Float($0) / Float(count - 1) }
    }

    /// Floats from `a` to `b` (0 < a < b) whose bit patterns are `step` apart: log-uniform.
    static func bitGrid(_ a: Float, _ b: Float, step: UInt32) -> [Float] {
        Array(stride(from: a.bitPattern, through: b.bitPattern, by: Int(step)).map(Float.init(bitPattern:)))
    }

    /// Reference softplus in Double: max(x, 0) + log1p(e^(−|x|)).
    static func softplus(_ x: Double) -> Double { max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x))) }

    /// Reference sigmoid in Double.
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// The same, with both signs.
    static func symmetricBitGrid(_ a: Float, _ b: Float, step: UInt32) -> [Float] {
        let positive = bitGrid(a, b, step: step)
        return positive + positive.map { -$0 }
    }
}

private typealias Accuracy = FloatMathAccuracy

@Suite struct FloatMathTests {
    @Test func expIsAccurateToOneULP() {
        let inputs = Accuracy.grid(-87.336, 88.7228, count: 2_000_001)
            + Accuracy.symmetricBitGrid(1e-30, 1, step: 397)
        let accuracy = Accuracy.measure(inputs, FloatMath.exp, Foundation.exp)
        #expect(accuracy.worstULP <= 1.1, "worst at \(accuracy.worstInput)")
        #expect(accuracy.tinyFailures.isEmpty)
        #expect(accuracy.count > 2_000_000)
    }

    @Test func expSpecialValuesAndRangeEnds() {
        #expect(FloatMath.exp(0) == 1)
        #expect(FloatMath.exp(-0.0) == 1)
        #expect(FloatMath.exp(-.infinity) == 0)
        #expect(FloatMath.exp(.infinity) == .infinity)
        #expect(FloatMath.exp(.nan).isNaN)
        // Overflow exactly where e^x exceeds FLT_MAX (ln FLT_MAX = 88.7228391).
        #expect(FloatMath.exp(88.72283).isFinite)
        #expect(FloatMath.exp(88.72283) > 3.4e38)
        #expect(FloatMath.exp(88.72284) == .infinity)
        #expect(FloatMath.exp(100) == .infinity)
        // Flush to zero below ln FLT_MIN = −87.3365448: every nonzero result is normal.
        #expect(FloatMath.exp(-87.33654) >= .leastNormalMagnitude)
        #expect(FloatMath.exp(-87.33655) == 0)
        #expect(FloatMath.exp(-100) == 0)
        #expect(Accuracy.ulpError(FloatMath.exp(1), exact: M_E) <= 1.1)
    }

    @Test func logIsAccurateToOneULP() {
        let inputs = Accuracy.bitGrid(1e-37, 1e37, step: 1_009)                      // 2M, log-uniform
            + Accuracy.bitGrid(0.99, 1.01, step: 1)                                   // around log x = 0
            + Accuracy.bitGrid(0.7, 0.72, step: 1) + Accuracy.bitGrid(1.40, 1.42, step: 1)   // reduction seams
            + Accuracy.bitGrid(.leastNonzeroMagnitude, .leastNormalMagnitude, step: 4_099)   // subnormals
        let accuracy = Accuracy.measure(inputs, FloatMath.log, Foundation.log)
        #expect(accuracy.worstULP <= 0.9, "worst at \(accuracy.worstInput)")
        #expect(accuracy.tinyFailures.isEmpty && accuracy.count >= inputs.count - 1)   // f(x) = 0 counts as tiny
    }

    @Test func logSpecialValues() {
        #expect(FloatMath.log(1) == 0)
        #expect(FloatMath.log(0) == -.infinity)
        #expect(FloatMath.log(-0.0) == -.infinity)
        #expect(FloatMath.log(-1).isNaN)
        #expect(FloatMath.log(-.leastNonzeroMagnitude).isNaN)
        #expect(FloatMath.log(-.infinity).isNaN)
        #expect(FloatMath.log(.infinity) == .infinity)
        #expect(FloatMath.log(.nan).isNaN)
        #expect(Accuracy.ulpError(FloatMath.log(.greatestFiniteMagnitude), exact: 128 * M_LN2) <= 0.9)
        #expect(Accuracy.ulpError(FloatMath.log(.leastNonzeroMagnitude), exact: -149 * M_LN2) <= 0.9)   // subnormal
        #expect(Accuracy.ulpError(FloatMath.log(2), exact: M_LN2) <= 0.9)
    }

    @Test func log1pIsAccurateToOneAndAHalfULP() {
        let inputs = Accuracy.symmetricBitGrid(1e-30, 0.999, step: 613)               // small |x| relative accuracy
            + Accuracy.grid(-0.99999994, 10, count: 1_000_001)
            + Accuracy.bitGrid(0.41, 0.42, step: 1)                                    // reduction seam (1 + x ≈ √2)
            + Accuracy.bitGrid(10, 1e38, step: 4_001)
        let accuracy = Accuracy.measure(inputs, FloatMath.log1p, Foundation.log1p)
        #expect(accuracy.worstULP <= 1.45, "worst at \(accuracy.worstInput)")
        #expect(accuracy.tinyFailures.isEmpty && accuracy.count >= inputs.count - 1)   // f(x) = 0 counts as tiny
    }

    @Test func log1pSpecialValues() {
        #expect(FloatMath.log1p(-1) == -.infinity)
        #expect(FloatMath.log1p(-1.5).isNaN)
        #expect(FloatMath.log1p(-.infinity).isNaN)
        #expect(FloatMath.log1p(.infinity) == .infinity)
        #expect(FloatMath.log1p(.nan).isNaN)
        #expect(FloatMath.log1p(0).bitPattern == Float(0).bitPattern)
        #expect(FloatMath.log1p(-0.0).bitPattern == Float(-0.0).bitPattern)
        // Not lost in 1 + x: below 2⁻²⁵, log1p(x) rounds to x itself.
        let notIdentity = Accuracy.symmetricBitGrid(.leastNonzeroMagnitude, 0x1p-25, step: 65_537)
            .filter { FloatMath.log1p($0) != $0 }
        #expect(notIdentity.isEmpty, "e.g. \(notIdentity.prefix(3))")
        #expect(Accuracy.ulpError(FloatMath.log1p(.greatestFiniteMagnitude), exact: 128 * M_LN2) <= 1.45)
    }

    @Test func tanhIsAccurateToFiveAndAHalfULP() {
        let inputs = Accuracy.grid(-20, 20, count: 2_000_001)
            + Accuracy.bitGrid(8.1, 8.2, step: 1)                                      // where the worst error lies
            + Accuracy.symmetricBitGrid(1e-30, 1e-3, step: 1201)                       // tiny: relative accuracy
        let accuracy = Accuracy.measure(inputs, FloatMath.tanh, Foundation.tanh)
        #expect(accuracy.worstULP <= 5.45, "worst at \(accuracy.worstInput)")
        #expect(accuracy.tinyFailures.isEmpty && accuracy.count >= inputs.count - 1)   // f(x) = 0 counts as tiny
    }

    @Test func tanhIsOddSaturatesAndIsExactNearZero() {
        let notOdd = (Accuracy.grid(0, 12, count: 100_001) + Accuracy.bitGrid(1e-38, 1e-3, step: 100_003))
            .filter { FloatMath.tanh(-$0).bitPattern != (-FloatMath.tanh($0)).bitPattern }
        #expect(notOdd.isEmpty, "e.g. \(notOdd.prefix(3))")
        let notIdentity = Accuracy.bitGrid(.leastNonzeroMagnitude, 0x1p-12, step: 65_537).filter { FloatMath.tanh($0) != $0 }
        #expect(notIdentity.isEmpty, "e.g. \(notIdentity.prefix(3))")
        #expect(FloatMath.tanh(0).bitPattern == Float(0).bitPattern)
        #expect(FloatMath.tanh(-0.0).bitPattern == Float(-0.0).bitPattern)
        #expect(FloatMath.tanh(.infinity) == 1)
        #expect(FloatMath.tanh(-.infinity) == -1)
        #expect(FloatMath.tanh(9.2) == 1)
        #expect(FloatMath.tanh(8) < 1)
        let aboveOne = Accuracy.grid(0, 12, count: 1_200_001).filter { FloatMath.tanh($0) > 1 }
        #expect(aboveOne.isEmpty, "e.g. \(aboveOne.prefix(3))")
        #expect(FloatMath.tanh(.greatestFiniteMagnitude) == 1)
        #expect(FloatMath.tanh(.nan).isNaN)
    }

    @Test func sigmoidIsAccurateToTwoAndAHalfULP() {
        let inputs = Accuracy.grid(-100, 100, count: 2_000_001) + Accuracy.symmetricBitGrid(1e-30, 1, step: 997)
        let accuracy = Accuracy.measure(inputs, FloatMath.sigmoid, Accuracy.sigmoid)
        #expect(accuracy.worstULP <= 2.45, "worst at \(accuracy.worstInput)")
        #expect(accuracy.tinyFailures.isEmpty)                                         // x < −87.3: below FLT_MIN
        #expect(accuracy.count > 1_800_000)
    }

    @Test func sigmoidSpecialValues() {
        #expect(FloatMath.sigmoid(0) == 0.5)
        #expect(FloatMath.sigmoid(.infinity) == 1)
        #expect(FloatMath.sigmoid(-.infinity) == 0)
        #expect(FloatMath.sigmoid(100) == 1)
        #expect(FloatMath.sigmoid(-90) == 0)                                           // flushed, like exp
        #expect(FloatMath.sigmoid(-.greatestFiniteMagnitude) == 0)
        #expect(FloatMath.sigmoid(.nan).isNaN)
    }

    @Test func softplusIsAccurateToTwoULP() {
        let inputs = Accuracy.grid(-100, 100, count: 2_000_001) + Accuracy.symmetricBitGrid(1e-30, 1, step: 997)
        let accuracy = Accuracy.measure(inputs, FloatMath.softplus, Accuracy.softplus)
        #expect(accuracy.worstULP <= 1.75, "worst at \(accuracy.worstInput)")
        #expect(accuracy.tinyFailures.isEmpty)
        #expect(accuracy.count > 1_800_000)
    }

    @Test func softplusSpecialValuesAndTails() {
        #expect(Accuracy.ulpError(FloatMath.softplus(0), exact: M_LN2) <= 1.75)
        #expect(FloatMath.softplus(.infinity) == .infinity)
        #expect(FloatMath.softplus(-.infinity) == 0)
        #expect(FloatMath.softplus(.nan).isNaN)
        #expect(FloatMath.softplus(100) == 100)
        #expect(FloatMath.softplus(-90) == 0)                                          // flushed, like exp
        // Very negative x: softplus(x) ≈ e^x with full relative accuracy (no 1 + tiny cancellation).
        for x: Float in [-20, -50, -80, -87] {
            let exact = Accuracy.softplus(Double(x))
            #expect(Accuracy.ulpError(FloatMath.softplus(x), exact: exact) <= 1.75, "x = \(x)")
        }
    }
}
