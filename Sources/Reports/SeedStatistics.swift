import Foundation

/// The mean of a per-seed figure and its standard error over seeds, as the paper reports test
/// log-likelihoods (Cornish et al. 2020, Table 1, "mean ± s.e. over 3 seeds"): s.e. = s / √n with s the sample
/// standard deviation (n − 1 in the denominator).
public struct SeedStatistics: Sendable, Codable, Equatable {
    public var mean: Double
    /// `nil` for a single seed, where the spread over seeds is unknown.
    public var standardError: Double?
    public var count: Int

    /// - Precondition: `values` is not empty.
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "SeedStatistics needs at least one value")
        count = values.count
        mean = values.reduce(0, +) / Double(values.count)
        if values.count > 1 {
            let mean = self.mean
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
            standardError = (variance / Double(values.count)).squareRoot()
        } else {
            standardError = nil
        }
    }

    /// `-1.473 ± 0.020`, or `-1.473` for one seed.
    public func formatted(digits: Int = 3) -> String {
        let value = String(format: "%.\(digits)f", mean)
        return standardError.map { value + String(format: " ± %.\(digits)f", $0) } ?? value
    }
}
