/// Which quantity of a density grid the colour map shows, and over what range.
public enum DensityColorScale: Hashable, Sendable {
    /// Colour proportional to p(x), from 0 to the grid's maximum: shows where the mass is.
    case density
    /// Colour proportional to log p(x), from `decades` powers of ten below the maximum up to it; lower values
    /// and zeros get the lowest colour. Shows tails and spurious modes that `density` hides.
    case logDensity(decades: Double = DensityColorScale.defaultDecades)
    /// ``logDensity(decades:)`` when the grid's finite values span more than ``automaticSpan`` (a factor of
    /// 100: the smallest value, zero included, is below 1 % of the largest), else ``density``.
    case automatic(decades: Double = DensityColorScale.defaultDecades)

    /// Three decades: the bottom of a log scale is a thousandth of the maximum. Below that a model's density
    /// is in its tails, where the figure has nothing to show but where a Monte-Carlo estimate is noisiest.
    public static let defaultDecades = 3.0
    /// The ratio of largest to smallest value beyond which ``automatic(decades:)`` takes a log scale.
    public static let automaticSpan = 100.0
}

extension DensityColorScale {
    /// The scale a plot of `values` (densities, in any common unit) shows: ``automatic(decades:)`` resolved
    /// to ``logDensity(decades:)`` or ``density`` by the values' span; the others unchanged.
    public func resolved(for values: [Double]) -> DensityColorScale {
        let index = ColorIndex(values: values, scale: self)
        switch self {
        case .automatic(let decades): return index.isLogarithmic ? .logDensity(decades: decades) : .density
        default: return self
        }
    }
}
