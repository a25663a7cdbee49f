/// Bad input at a density's public entry points.
public enum DensityError: Error, CustomStringConvertible, Equatable {
    /// The input is not `[batch, dimension]`.
    case shapeMismatch(expectedFeatures: Int, actual: [Int])
    /// A NaN or infinity at (row, column), both 0-based.
    case nonFiniteValue(row: Int, column: Int)
    /// An exact log-probability was asked of a model that only has an ELBO and an importance-sampled estimate.
    case notExact
    /// A count that must be positive was not (what, value).
    case nonPositiveCount(String, Int)
    /// Importance draws were asked of an exact model, which has no indices u.
    case notLocalised
    /// Given standardised noise ε of the wrong shape (expected, actual).
    case noiseShapeMismatch(expected: [Int], actual: [Int])

    public var description: String {
        switch self {
        case .shapeMismatch(let expected, let actual):
            return "expected data of shape [batch, \(expected)], got \(actual)"
        case .nonFiniteValue(let row, let column):
            return "the data contain a non-finite value (NaN or infinity) at row \(row + 1), column \(column + 1)"
        case .notExact:
            return "this model has no exact log-likelihood (it is a localised flow): use the importance-sampled estimate"
        case .nonPositiveCount(let what, let value):
            return "\(what) must be positive, got \(value)"
        case .notLocalised:
            return "this model is exact (it has no indexed layers), so it has no indices u to draw"
        case .noiseShapeMismatch(let expected, let actual):
            return "expected standardised noise of shape \(expected) (draws × index dimensions), got \(actual)"
        }
    }
}
