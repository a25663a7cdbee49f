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
    /// A conditional density p(x | c) was given no context (the features a context row needs).
    case contextRequired(expectedFeatures: Int)
    /// An unconditional density was given a context (its shape).
    case unexpectedContext(actual: [Int])
    /// A context of the wrong shape: one row of C features per data row (expected, actual).
    case contextShapeMismatch(expected: [Int], actual: [Int])
    /// A NaN or infinity in the context at (row, column), both 0-based.
    case nonFiniteContext(row: Int, column: Int)

    public var description: String {
        switch self {
        case .shapeMismatch(let expected, let actual): "expected data of shape [batch, \(expected)], got \(actual)"
        case .nonFiniteValue(let row, let column): "the data contain a non-finite value (NaN or infinity) at row \(row + 1), column \(column + 1)"
        case .notExact: "this model has no exact log-likelihood (it is a localised flow): use the importance-sampled estimate"
        case .nonPositiveCount(let what, let value): "\(what) must be positive, got \(value)"
        case .notLocalised: "this model is exact (it has no indexed layers), so it has no indices u to draw"
        case .noiseShapeMismatch(let expected, let actual): "expected standardised noise of shape \(expected) (draws × index dimensions), got \(actual)"
        case .contextRequired(let expected): "this model is a conditional density p(x | c): give a context of \(expected) features for every data row"
        case .unexpectedContext(let actual): "this model is unconditional, so it takes no context, but a context of shape \(actual) was given"
        case .contextShapeMismatch(let expected, let actual): "expected a context of shape \(expected) (one row of context features per data row), got \(actual)"
        case .nonFiniteContext(let row, let column): "the context contains a non-finite value (NaN or infinity) at row \(row + 1), column \(column + 1)"
        }
    }
}
