import Foundation

/// Tick values at a "nice" step of 1, 2 or 5 × 10^k, the usual choice for readable axes.
///
/// Heckbert, *Nice numbers for graph labels*, Graphics Gems (1990).
struct AxisTicks: Hashable, Sendable {
    /// Distance between consecutive ticks.
    let step: Double
    /// The multiples of `step` inside the range, ascending.
    let values: [Double]

    /// Ticks at a nice step giving about `targetCount` ticks inside `range` (which must be finite).
    init(covering range: ClosedRange<Double>, targetCount: Int = 5) {
        let step = Self.niceStep(span: range.upperBound - range.lowerBound, targetCount: targetCount)
        self.step = step
        let first = (range.lowerBound / step - 1e-9).rounded(.up)
        let last = (range.upperBound / step + 1e-9).rounded(.down)
        // Guard against absurd ranges (e.g. 1e20 ... 1e20 + 1) whose multiples cannot be counted.
        guard first.isFinite, last.isFinite, last >= first, last - first <= 1000, abs(first) < 1e15 else {
            values = [range.lowerBound, range.upperBound]
            return
        }
        values = stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// The label of each tick value, with the decimals the step needs.
    var labels: [String] {
        values.map { NumberLabel.tick($0, step: step) }
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
