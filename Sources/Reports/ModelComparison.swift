import Flows
import Foundation

/// A localised model beside its baseline on one dataset (LGF-MAF against MAF, LGF-RealNVP against RealNVP), the
/// comparison the paper's figures and tables make: both test log-likelihoods as the report's rows give them, and
/// their difference with the standard error of a difference of two independent means over seeds,
/// √(s.e.₁² + s.e.₂²) (the seeds of the two models are separate trainings).
public struct ModelComparison: Sendable, Codable, Equatable {
    public var dataset: String
    public var baseline: String
    public var localised: String
    public var baselineTest: SeedStatistics
    public var localisedTest: SeedStatistics
    /// localisedTest.mean − baselineTest.mean, nats: positive when the localised model is better.
    public var difference: Double
    /// `nil` when either model has a single seed.
    public var differenceStandardError: Double?
    /// Mean bits per dimension of the baseline and of the localised model (the images' figure of merit; lower is better).
    public var baselineBitsPerDimension: Double
    public var localisedBitsPerDimension: Double

    /// One comparison per dataset and localised model whose baseline has a row on the same dataset, in row order.
    static func pairs(in rows: [ResultRow]) -> [ModelComparison] {
        rows.compactMap { row in
            guard let baseline = ModelName(rawValue: row.model)?.baseline,
                  let other = rows.first(where: { $0.dataset == row.dataset && $0.model == baseline.rawValue }) else { return nil }
            var differenceError: Double?
            if let a = row.test.standardError, let b = other.test.standardError { differenceError = (a * a + b * b).squareRoot() }
            return ModelComparison(dataset: row.dataset, baseline: other.model, localised: row.model, baselineTest: other.test,
                                   localisedTest: row.test, difference: row.test.mean - other.test.mean,
                                   differenceStandardError: differenceError,
                                   baselineBitsPerDimension: other.bitsPerDimension, localisedBitsPerDimension: row.bitsPerDimension)
        }
    }

    /// `+0.082 ± 0.024`, or `+0.082` without a standard error.
    public var formattedDifference: String {
        String(format: "%+.3f", difference) + (differenceStandardError.map { String(format: " ± %.3f", $0) } ?? "")
    }

    /// `3.421 → 3.387`.
    public var formattedBitsPerDimension: String { String(format: "%.3f → %.3f", baselineBitsPerDimension, localisedBitsPerDimension) }

    static let markdownHeader = "| dataset | baseline | baseline test | localised | localised test | difference (localised − baseline) | bits/dim (baseline → localised) |\n|---|---|---|---|---|---|---|"

    var markdownLine: String {
        "| \(dataset) | \(baseline) | \(baselineTest.formatted()) | \(localised) | \(localisedTest.formatted()) | \(formattedDifference) | \(formattedBitsPerDimension) |"
    }
}
