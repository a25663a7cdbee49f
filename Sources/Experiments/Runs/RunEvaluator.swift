import Foundation
import Tensors
import Flows
import Datasets

/// Which points `lgf evaluate` scores.
public enum EvaluationSplit: String, Sendable, CaseIterable {
    case test, validation
}

/// Scores a trained run: the mean test (or validation, or file) log-likelihood ± standard error, bits per
/// dimension and the gap to the known optimum (REFERENCE.md §2: K = 1000 at test for localised models).
public enum RunEvaluator {
    /// The default K: 1000 for localised models (the paper's test setting); exact models ignore it.
    public static let defaultImportanceSamples = 1000

    public static func evaluate(_ loaded: LoadedRun, split: EvaluationSplit = .test, file: String? = nil,
                                importanceSamples: Int = defaultImportanceSamples, seed: UInt64 = 0) throws -> EvaluationReport {
        guard importanceSamples > 0 else {
            throw ExperimentError.invalidHyperparameter(name: "importance samples", value: "\(importanceSamples)", requirement: "must be positive")
        }
        let started = Date()
        let points: Tensor, splitName: String, optimum: Double?
        if let file {
            points = try loaded.tensor(of: DataFile.read(path: file), source: file)
            splitName = file
            optimum = nil
        } else {
            let dataset = try loaded.dataset()
            let table = split == .test ? dataset.test : dataset.validation
            points = try loaded.tensor(of: table, source: "\(dataset.name) \(split.rawValue) split")
            splitName = split.rawValue
            optimum = dataset.optimum
        }
        var generator = SplitMix64(seed: seed)
        let estimate = try loaded.model.logLikelihood(points, importanceSamples: importanceSamples, using: &generator)
        let mean = estimate.mean, dimension = loaded.model.dimension
        guard mean.isFinite else {
            let first = estimate.values.firstIndex { !$0.isFinite } ?? 0
            throw ExperimentError.nonFiniteEstimate(run: loaded.folder.path, split: splitName, value: mean, firstPoint: first + 1)
        }
        let estimatorError = (estimate.standardErrors.reduce(0) { $0 + $1 * $1 }).squareRoot() / Double(max(estimate.values.count, 1))
        return EvaluationReport(run: loaded.folder.path, split: splitName, points: estimate.values.count, dimension: dimension,
                                logLikelihood: mean, standardError: estimate.standardErrorOfMean, estimatorStandardError: estimatorError,
                                bitsPerDimension: -mean / (Double(dimension) * Foundation.log(2)), optimum: optimum,
                                gapToOptimum: optimum.map { $0 - mean }, importanceSamples: estimate.importanceSamples,
                                exact: loaded.model.isExact, seconds: Date().timeIntervalSince(started))
    }
}
