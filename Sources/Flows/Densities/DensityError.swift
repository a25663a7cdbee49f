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
        }
    }
}
