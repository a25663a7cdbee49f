import Foundation
import Tensors
import Flows
import Datasets
import Configurations
import Distributed

/// Which points `lgf evaluate` scores.
public enum EvaluationSplit: String, Sendable, CaseIterable {
    case test, validation
}

/// Scores a trained run: the mean test (or validation, or file) log-likelihood ± standard error, bits per
/// dimension and the gap to the known optimum (K = 1000 at test for localised models, as for Cornish et al. 2020, Tables 1 and 2),
/// beside a full-covariance Gaussian fitted to the same training split.
public enum RunEvaluator {
    /// The default K: 1000 for localised models (the paper's test setting); exact models ignore it.
    public static let defaultImportanceSamples = 1000

    /// Every point's score besides the summary: what `lgf evaluate --per-point` writes.
    public struct Scores {
        public var report: EvaluationReport
        /// log p̂(x) per point and, for localised models, its estimator's standard error.
        public var estimate: LogLikelihoodEstimate
        /// The points' labels (one column) when the run's file has a label column.
        public var labels: DataTable?
    }

    public static func evaluate(_ loaded: LoadedRun, split: EvaluationSplit = .test, file: String? = nil,
                                importanceSamples: Int = defaultImportanceSamples, seed: UInt64 = 0) throws -> EvaluationReport {
        try score(loaded, split: split, file: file, importanceSamples: importanceSamples, seed: seed).report
    }

    /// The estimator's passes in a chunk of a shared or resumable evaluation of vectors (`EvaluationChunks`): at
    /// K = 1000 and 2,000 rows per pass, 100 points, a few seconds of a MINIBOONE-sized LGF-MAF.
    public static let passesPerChunk = 50

    /// Like `evaluate`, keeping every point's estimate.
    /// - Parameters:
    ///   - group: the processes that share the points, chunk by chunk (rank 0 alone keeps them and has the whole
    ///     result); the numbers are those of one process.
    ///   - resumable: keep every finished chunk in the run folder (`EvaluationProgress`) and take the chunks an
    ///     interrupted evaluation with the same key finished.
    public static func score(_ loaded: LoadedRun, split: EvaluationSplit = .test, file: String? = nil,
                             importanceSamples: Int = defaultImportanceSamples, seed: UInt64 = 0, checksTime: Bool = false,
                             group: any ProcessGroup = SingleProcessGroup(), resumable: Bool = false) throws -> Scores {
        if loaded.configuration.image != nil {
            return try ImageRunEvaluator.score(loaded, split: split, file: file, importanceSamples: importanceSamples, seed: seed, checksTime: checksTime,
                                               group: group, resumable: resumable)
        }
        guard importanceSamples > 0 else {
            throw ExperimentError.invalidHyperparameter(name: "importance samples", value: "\(importanceSamples)", requirement: "must be positive")
        }
        let started = Date()
        let points: Tensor, splitName: String, optimum: Double?, labels: DataTable?, baseline: Double?, context: DataTable?
        var generator = SplitMix64(seed: seed)
        if let file {
            var table = try TableFile.read(path: file)
            var fileLabels: DataTable?, fileContext: DataTable?
            if let preparation = loaded.configuration.preparation {
                (table, fileLabels, fileContext) = try UserData.prepareExternal(table, preparation: preparation, source: file, using: &generator)
            }
            points = try loaded.tensor(of: table, source: file)
            (splitName, optimum, labels, baseline, context) = (file, nil, fileLabels, nil, fileContext)
        } else {
            let (dataset, splitLabels) = try loaded.configuration.loadData()
            let table = split == .test ? dataset.test : dataset.validation
            points = try loaded.tensor(of: table, source: "\(dataset.name) \(split.rawValue) split")
            splitName = split.rawValue
            optimum = dataset.optimum
            labels = splitLabels.map { split == .test ? $0.test : $0.validation }
            baseline = GaussianFit(fitting: dataset.train)?.meanLogDensity(table)
            context = dataset.context.map { split == .test ? $0.test : $0.validation }
        }
        if checksTime {
            try EvaluationTime.check(loaded.configuration, importanceSamples: importanceSamples, points: points.shape[0], what: "evaluating \(splitName)")
        }
        let estimate: LogLikelihoodEstimate
        if resumable || group.size > 1 {
            let rowsPerPass = FlowDensity.defaultRowsPerPass
            let chunks = EvaluationChunks(pointCount: points.shape[0], importanceSamples: importanceSamples, rowsPerPass: rowsPerPass,
                                          exact: loaded.model.isExact, passesPerChunk: passesPerChunk, using: &generator)
            let kept = try EvaluationProgress.opened(if: resumable, on: group, for: loaded, source: splitName, chunks: chunks,
                                                     importanceSamples: importanceSamples, seed: seed)
            estimate = try loaded.model.logLikelihood(points, context: context?.tensor(), importanceSamples: importanceSamples, chunks: chunks,
                                                      rowsPerPass: rowsPerPass, sharedWith: group, keptIn: kept)
        } else {
            estimate = try loaded.model.logLikelihood(points, context: context?.tensor(), importanceSamples: importanceSamples, using: &generator)
        }
        let mean = estimate.mean, dimension = loaded.model.dimension
        guard mean.isFinite else {
            let first = estimate.values.firstIndex { !$0.isFinite } ?? 0
            throw ExperimentError.nonFiniteEstimate(run: loaded.folder.path, split: splitName, value: mean, firstPoint: first + 1)
        }
        let estimatorError = (estimate.standardErrors.reduce(0) { $0 + $1 * $1 }).squareRoot() / Double(max(estimate.values.count, 1))
        let report = EvaluationReport(run: loaded.folder.path, split: splitName, points: estimate.values.count, dimension: dimension,
                                      logLikelihood: mean, standardError: estimate.standardErrorOfMean, estimatorStandardError: estimatorError,
                                      bitsPerDimension: -mean / (Double(dimension) * Foundation.log(2)), optimum: optimum,
                                      gapToOptimum: optimum.map { $0 - mean }, importanceSamples: estimate.importanceSamples,
                                      exact: loaded.model.isExact, seconds: Date().timeIntervalSince(started),
                                      gaussianBaseline: baseline,
                                      standardizationLogJacobian: loaded.configuration.model.inputStandardization?.logAbsDeterminant,
                                      context: loaded.configuration.preparation?.context?.map(\.name))
        return Scores(report: report, estimate: estimate, labels: labels)
    }

    /// One row per point: `logLikelihood`, then `standardError` for localised models, then the label if any;
    /// written as CSV with a header, or `.npy` (float32) by the path's extension.
    public static func writePerPoint(_ scores: Scores, to path: String) throws {
        var names = ["logLikelihood"], columns = [scores.estimate.values]
        if !scores.report.exact {
            names.append("standardError")
            columns.append(scores.estimate.standardErrors)
        }
        if let labels = scores.labels, labels.rowCount == scores.estimate.values.count {
            names.append(labels.columnNames?.first ?? "label")
            columns.append(labels.column(0))
        }
        let rows = scores.estimate.values.indices.map { row in columns.map { $0[row] } }
        try TableFile.write(DataTable(rows: rows, columnNames: names), to: path)
    }
}
