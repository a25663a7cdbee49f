import Foundation

/// Maps grid values to colour-map positions under a ``DensityColorScale``: decides the displayed range
/// once (linear from 0, or logarithmic from a fraction of the maximum), then gives each value its position
/// t ∈ [0, 1] on the colour bar, and the colour bar its ticks.
struct ColorIndex {
    /// Colour levels in the lookup table; far more than 8-bit output can distinguish.
    static let levels = 1024

    /// The density shown by the lowest colour: 0 on a linear scale, maximum / 10^decades on a log one.
    let lowerBound: Double
    /// The density shown by the highest colour: the grid's largest finite value.
    let upperBound: Double
    /// Whether positions follow log p.
    let isLogarithmic: Bool

    init(values: [Double], scale: DensityColorScale) {
        var lowest = Double.infinity, highest = -Double.infinity
        for value in values where value.isFinite {
            lowest = min(lowest, value)
            highest = max(highest, value)
        }
        if !(highest > 0) { highest = 1 }  // no positive value: an empty scale 0 … 1
        if !(lowest >= 0) { lowest = 0 }
        let decades: Double?
        switch scale {
        case .density: decades = nil
        case .logDensity(let count): decades = count
        case .automatic(let count): decades = lowest * DensityColorScale.automaticSpan < highest ? count : nil
        }
        if let decades, decades.isFinite, decades > 0 {
            isLogarithmic = true
            lowerBound = highest / Foundation.pow(10, decades)
        } else {
            isLogarithmic = false
            lowerBound = 0
        }
        upperBound = highest
    }

    /// What the colour bar measures.
    var caption: String { isLogarithmic ? "density (log scale)" : "density" }

    /// The position of `value` on the colour bar: 0 at or below the lower bound (and for NaN), 1 at or above the upper.
    func position(of value: Double) -> Double {
        let t: Double
        if isLogarithmic {
            guard value > 0 else { return 0 }
            t = Foundation.log(value / lowerBound) / Foundation.log(upperBound / lowerBound)
        } else {
            t = value / upperBound
        }
        return t.isNaN ? 0 : min(max(t, 0), 1)
    }

    /// The lookup-table index of `value`.
    func level(of value: Double) -> Int {
        Int((position(of: value) * Double(Self.levels - 1)).rounded())
    }

    /// The colour bar's ticks: powers of ten on a log scale, 1-2-5 steps from 0 on a linear one.
    var ticks: AxisTicks {
        isLogarithmic ? AxisTicks(logarithmicCovering: lowerBound...upperBound)
            : AxisTicks(covering: lowerBound...upperBound, targetCount: 5)
    }
}
