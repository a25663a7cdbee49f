import Foundation

/// Maps grid values to colour-map levels under a ``DensityColorScale``: decides the displayed range
/// once, then quantises each value to one of ``levels`` colours.
struct ColorIndex {
    /// Colour levels in the lookup table; far more than 8-bit output can distinguish.
    static let levels = 1024

    /// The scaled value shown by the lowest colour (a density, or a log-density).
    let lowerBound: Double
    /// The scaled value shown by the highest colour.
    let upperBound: Double
    /// What the colour bar measures: "density" or "log density".
    let caption: String
    private let usesLogarithm: Bool

    init(values: [Double], scale: DensityColorScale) {
        var lowest = Double.infinity, highest = -Double.infinity
        switch scale {
        case .density:
            usesLogarithm = false
            caption = "density"
            for value in values where value.isFinite {
                lowest = min(lowest, value)
                highest = max(highest, value)
            }
        case .logDensity(let dynamicRange):
            usesLogarithm = true
            caption = "log density"
            for value in values where value.isFinite && value > 0 {
                let logValue = Foundation.log(value)
                lowest = min(lowest, logValue)
                highest = max(highest, logValue)
            }
            if dynamicRange.isFinite, dynamicRange > 0 {
                lowest = max(lowest, highest - dynamicRange)
            }
        }
        if lowest > highest {  // no finite value at all
            (lowest, highest) = (0, 1)
        }
        lowerBound = lowest
        upperBound = highest
    }

    /// The lookup-table index of `value`: 0 for the lower bound, below it or non-finite, `levels − 1`
    /// for the upper bound; the middle level when the grid is constant.
    func level(of value: Double) -> Int {
        let scaled = usesLogarithm ? (value > 0 ? Foundation.log(value) : -Double.infinity) : value
        guard upperBound > lowerBound else { return scaled.isFinite ? Self.levels / 2 : 0 }
        let t = (scaled - lowerBound) / (upperBound - lowerBound)
        guard t.isFinite || t == .infinity else { return 0 }
        return Int((min(max(t, 0), 1) * Double(Self.levels - 1)).rounded())
    }
}
