import Foundation
import Testing
@testable import Plots

struct AxisTicksTests {
    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(AxisTicks.niceStep(span: 10, targetCount: 5) == 2)
        #expect(AxisTicks.niceStep(span: 7, targetCount: 5) == 1)
        #expect(abs(AxisTicks.niceStep(span: 0.03, targetCount: 5) - 0.005) < 1e-15)
        #expect(AxisTicks.niceStep(span: 300, targetCount: 6) == 50)
        #expect(AxisTicks.niceStep(span: 0, targetCount: 5) == 1)
        for span in stride(from: 0.013, to: 5000, by: 7.7) {
            let step = AxisTicks.niceStep(span: span, targetCount: 5)
            let mantissa = step / pow10(floorLog10(step))
            #expect([1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }, "step \(step) for span \(span)")
        }
    }

    @Test func ticksCoverTheRangeWithReadableLabels() {
        let ticks = AxisTicks(covering: -4...4)
        #expect(ticks.values == [-4, -2, 0, 2, 4])
        #expect(ticks.labels == ["−4", "−2", "0", "2", "4"])
        let fine = AxisTicks(covering: -1.5...(-1.1))
        #expect(fine.labels == ["−1.5", "−1.4", "−1.3", "−1.2", "−1.1"])
        let crossingZero = AxisTicks(covering: -0.25...0.25)
        #expect(crossingZero.labels == ["−0.2", "−0.1", "0.0", "0.1", "0.2"])
        #expect(AxisTicks(covering: 1...5, targetCount: 6, minimumStep: 1).values == [1, 2, 3, 4, 5])
    }

    @Test func roundingOutwardLandsOnTicks() {
        let range = AxisTicks.roundedOutward(-1.47...(-1.13), targetCount: 5)
        #expect(abs(range.lowerBound - -1.5) < 1e-12 && abs(range.upperBound - -1.1) < 1e-12)
        #expect(AxisTicks.roundedOutward(1...300, targetCount: 6) == 0...300)
    }

    @Test func compactLabelsKeepThreeSignificantFigures() {
        #expect(NumberLabel.compact(0.15349) == "0.153")
        #expect(NumberLabel.compact(-1.4712) == "−1.47")
        #expect(NumberLabel.compact(1234.7) == "1235")
        #expect(NumberLabel.compact(0) == "0")
        #expect(NumberLabel.compact(1.234e-5) == "1.23e−05")
        #expect(NumberLabel.compact(-0.0001) == "−1.00e−04")
        #expect(NumberLabel.compact(.nan) == "nan" && NumberLabel.compact(-.infinity) == "−inf")
    }

    @Test func logarithmicTicksArePowersOfTenInsideTheRange() {
        let decades = AxisTicks(logarithmicCovering: 2.06e-4...0.206)
        #expect(decades.values.map { log10($0) }.map { $0.rounded() } == [-3, -2, -1])
        #expect(zip(decades.values, [1e-3, 1e-2, 1e-1]).allSatisfy { abs($0 / $1 - 1) < 1e-12 })
        #expect(decades.labels == ["10⁻³", "10⁻²", "10⁻¹"])
        #expect(AxisTicks(logarithmicCovering: 1...1000).labels == ["10⁰", "10¹", "10²", "10³"])
        // Within one decade, 1, 2 and 5 × 10^k keep at least two ticks.
        let narrow = AxisTicks(logarithmicCovering: 0.15...0.9)
        #expect(narrow.labels == ["2×10⁻¹", "5×10⁻¹"])
        // Many decades are thinned.
        let wide = AxisTicks(logarithmicCovering: 1e-30...1)
        #expect(wide.values.count <= 8 && wide.values.count >= 4 && wide.values.last == 1)
    }

    private func floorLog10(_ value: Double) -> Int { Int((log10(value) + 1e-12).rounded(.down)) }
    private func pow10(_ exponent: Int) -> Double { (0..<abs(exponent)).reduce(1.0) { value, _ in exponent < 0 ? value / 10 : value * 10 } }
}
