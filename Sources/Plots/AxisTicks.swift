import Foundation

/// Tick values and their labels: at a "nice" step of 1, 2 or 5 × 10^k on a linear axis (Heckbert, *Nice
/// numbers for graph labels*, Graphics Gems, 1990), or at powers of ten on a logarithmic one.
struct AxisTicks: Hashable, Sendable {
    /// Distance between consecutive ticks on a linear axis; on a logarithmic one, the ratio between decades (10).
    let step: Double
    /// The tick values inside the range, ascending.
    let values: [Double]
    /// The label of each value.
    let labels: [String]

    /// Ticks at a nice step giving about `targetCount` ticks inside `range` (which must be finite), labelled
    /// with the decimals the step needs; the step is at least `minimumStep` (1 for whole numbers such as epochs).
    init(covering range: ClosedRange<Double>, targetCount: Int = 5, minimumStep: Double = 0) {
        let step = max(Self.niceStep(span: range.upperBound - range.lowerBound, targetCount: targetCount), minimumStep)
        self.step = step
        let first = (range.lowerBound / step - 1e-9).rounded(.up)
        let last = (range.upperBound / step + 1e-9).rounded(.down)
        // Guard against absurd ranges (e.g. 1e20 ... 1e20 + 1) whose multiples cannot be counted.
        guard first.isFinite, last.isFinite, last >= first, last - first <= 1000, abs(first) < 1e15 else {
            values = [range.lowerBound, range.upperBound]
            labels = values.map(NumberLabel.compact)
            return
        }
        values = stride(from: first, through: last, by: 1).map { $0 * step }
        labels = values.map { NumberLabel.tick($0, step: step) }
    }

    /// Ticks for a logarithmic axis over `range` (positive bounds): every power of ten inside it, labelled
    /// 10⁻³, 10⁻², …; when the range holds fewer than two powers of ten, also 2 × and 5 × 10^k, so that a
    /// narrow scale still gets at least two labelled ticks. Powers are thinned to every second (third, …)
    /// when there would be more than `maximumCount`.
    init(logarithmicCovering range: ClosedRange<Double>, maximumCount: Int = 8) {
        precondition(range.lowerBound > 0 && range.upperBound.isFinite, "logarithmic ticks need 0 < lower ≤ upper < ∞")
        let lowest = Int((Foundation.log10(range.lowerBound) - 1e-9).rounded(.up))
        let highest = Int((Foundation.log10(range.upperBound) + 1e-9).rounded(.down))
        step = 10
        var ticks: [(value: Double, label: String)] = []
        if highest - lowest + 1 >= 2 {
            let stride = max(1, (highest - lowest + maximumCount) / maximumCount)
            for exponent in Swift.stride(from: highest, through: lowest, by: -stride).reversed() {
                ticks.append((Foundation.pow(10, Double(exponent)), NumberLabel.powerOfTen(exponent)))
            }
        } else {
            let lowerDecade = Int(Foundation.log10(range.lowerBound).rounded(.down))
            for exponent in lowerDecade...(lowerDecade + 1) {
                for mantissa in [1.0, 2, 5] {
                    let value = mantissa * Foundation.pow(10, Double(exponent))
                    guard value >= range.lowerBound * (1 - 1e-9), value <= range.upperBound * (1 + 1e-9) else { continue }
                    let power = NumberLabel.powerOfTen(exponent)
                    ticks.append((value, mantissa == 1 ? power : "\(Int(mantissa))×\(power)"))
                }
            }
        }
        values = ticks.map(\.value)
        labels = ticks.map(\.label)
    }

    /// 1, 2 or 5 × 10^k closest to `span / targetCount`; 1 for an empty or non-finite span.
    static func niceStep(span: Double, targetCount: Int) -> Double {
        guard span.isFinite, span > 0 else { return 1 }
        let rough = span / Double(max(targetCount, 1))
        let magnitude = Foundation.pow(10, Foundation.log10(rough).rounded(.down))
        let residual = rough / magnitude
        let nice: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        return nice * magnitude
    }

    /// `range` widened outward to multiples of its nice step, so the axis starts and ends on a tick.
    static func roundedOutward(_ range: ClosedRange<Double>, targetCount: Int = 5) -> ClosedRange<Double> {
        let step = niceStep(span: range.upperBound - range.lowerBound, targetCount: targetCount)
        let lower = (range.lowerBound / step + 1e-9).rounded(.down) * step
        let upper = (range.upperBound / step - 1e-9).rounded(.up) * step
        guard lower.isFinite, upper.isFinite, lower < upper else { return range }
        return lower...upper
    }
}
