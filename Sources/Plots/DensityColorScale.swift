/// Which quantity of a density grid the colour map shows.
public enum DensityColorScale: Hashable, Sendable {
    /// Colour proportional to p(x), from the grid's minimum to its maximum: shows where the mass is.
    case density
    /// Colour proportional to log p(x), from the maximum down to `dynamicRange` nats below it; lower
    /// values and zeros get the lowest colour. Shows tails and spurious modes that `density` hides.
    case logDensity(dynamicRange: Double = 10)
}
