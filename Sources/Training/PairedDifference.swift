import Configurations
import Foundation

/// The difference between two models' log-likelihoods scored on the same test points: the mean of the per-point
/// differences and its standard error, sd(d) / √n. Pairing removes the spread of log p*(x) over the points,
/// which both models share, so the difference is far more precise than two independent standard errors suggest.
/// A localised model's per-point values are importance-sampled estimates; their noise is part of sd(d).
public struct PairedDifference: Sendable, Codable, Equatable {
    /// mean(second − first), nats.
    public var mean: Double
    /// sd(second − first) / √n.
    public var standardError: Double
    public var points: Int

    /// - Throws: `ExperimentError.unsupported` when the two lists differ in length, hold fewer than two points or a
    ///   value that is not finite.
    public init(first: [Double], second: [Double]) throws {
        guard first.count == second.count, first.count >= 2 else {
            throw ExperimentError.unsupported("a paired difference needs the same points scored by both models (at least 2), got \(first.count) and \(second.count)")
        }
        let differences = zip(first, second).map { $1 - $0 }
        guard differences.allSatisfy(\.isFinite) else { throw ExperimentError.unsupported("a paired difference needs finite scores on every point") }
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        self.mean = mean
        standardError = (variance / n).squareRoot()
        points = differences.count
    }

    /// How many standard errors the difference is from zero.
    public var standardErrors: Double { standardError > 0 ? mean / standardError : (mean == 0 ? 0 : .infinity) }
}
