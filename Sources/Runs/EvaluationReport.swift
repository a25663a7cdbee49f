import Foundation

/// The result of evaluating a model on a set of points: `lgf evaluate`'s JSON keys.
public struct EvaluationReport: Sendable, Codable, Equatable {
    /// The run folder.
    public var run: String
    /// "test", "validation", or the file evaluated.
    public var split: String
    public var points: Int
    public var dimension: Int
    /// Mean log-likelihood over the points (nats): exact, or importance-sampled with K.
    public var logLikelihood: Double
    /// Standard error of that mean over points (sample standard deviation / √N).
    public var standardError: Double
    /// The estimator's own standard error of the mean (from the spread of the importance weights; 0 if exact).
    public var estimatorStandardError: Double
    /// −logLikelihood / (D ln 2).
    public var bitsPerDimension: Double
    /// E[log p*(x)] of the data-generating density, when known (2-D targets); `null` otherwise.
    public var optimum: Double?
    /// optimum − logLikelihood, when the optimum is known.
    public var gapToOptimum: Double?
    /// K (1 for an exact model).
    public var importanceSamples: Int
    public var exact: Bool
    public var seconds: Double
    /// The mean log-density of a full-covariance Gaussian fitted (maximum likelihood) to the run's training
    /// split, on the same points: the baseline a flow should beat. `null` for files, or a singular covariance.
    public var gaussianBaseline: Double? = nil
    /// −Σ log σ_j of the model's standardising first step (user files), already included in `logLikelihood`,
    /// which is in the data's own units; `null` without standardisation.
    public var standardizationLogJacobian: Double? = nil
    /// The standard error of `bitsPerDimension` (that of the mean log-likelihood over D ln 2); image runs only.
    public var bitsPerDimensionStandardError: Double? = nil
    /// The context columns of a conditional run: the log-likelihoods are log p(x | c) given them; `null` otherwise.
    public var context: [String]? = nil

    enum CodingKeys: String, CodingKey {
        case run, split, points, dimension, logLikelihood, standardError, estimatorStandardError, bitsPerDimension
        case optimum, gapToOptimum, importanceSamples, exact, seconds, gaussianBaseline, standardizationLogJacobian
        case bitsPerDimensionStandardError, context
    }

    /// Writes `null` for unknown optima instead of leaving the keys out, so the keys are always present.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(run, forKey: .run)
        try container.encode(split, forKey: .split)
        try container.encode(points, forKey: .points)
        try container.encode(dimension, forKey: .dimension)
        try container.encode(logLikelihood, forKey: .logLikelihood)
        try container.encode(standardError, forKey: .standardError)
        try container.encode(estimatorStandardError, forKey: .estimatorStandardError)
        try container.encode(bitsPerDimension, forKey: .bitsPerDimension)
        try container.encode(optimum, forKey: .optimum)
        try container.encode(gapToOptimum, forKey: .gapToOptimum)
        try container.encode(importanceSamples, forKey: .importanceSamples)
        try container.encode(exact, forKey: .exact)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(gaussianBaseline, forKey: .gaussianBaseline)
        try container.encode(standardizationLogJacobian, forKey: .standardizationLogJacobian)
        try container.encodeIfPresent(bitsPerDimensionStandardError, forKey: .bitsPerDimensionStandardError)
        try container.encode(context, forKey: .context)
    }
}
