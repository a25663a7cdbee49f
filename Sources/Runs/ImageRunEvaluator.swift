import Foundation
import Tensors
import Flows
import Datasets
import Configurations
import Distributed

/// Scores an image run in bits per dimension on the [0, 256) pixel scale (as Cornish et al. 2020, Table 2): the images are
/// dequantised once with noise drawn from the evaluation's seed (the same noise for all K importance samples of an
/// image), the logit pre-transform's Jacobian is part of the model, and localised models are importance-sampled with
/// K draws (1000 in the paper), streamed in passes of `ImageExperiment.rowsPerPass` rows so memory stays bounded, in
/// chunks that the ranks of an MPI job share and that a resumable evaluation keeps (`EvaluationChunks`).
public enum ImageRunEvaluator {
    /// How far an evaluation has got: points done of the total, and the seconds since it started.
    public typealias Progress = (_ done: Int, _ total: Int, _ seconds: Double) -> Void

    /// - Parameters:
    ///   - file: a file of images (IDX, CIFAR-10 batches or uint8 `.npy`) to score instead of a split.
    ///   - imageLimit: score only the first this-many images (all when `nil`).
    ///   - group: the processes that share the chunks (rank 0 alone keeps them and has the whole result).
    ///   - resumable: keep every finished chunk in the run folder (`EvaluationProgress`) and take the chunks an
    ///     interrupted evaluation with the same key finished.
    ///   - progress: called after every round of chunks (the CLI extrapolates the run time from the first).
    /// - Throws: `.invalidHyperparameter` for a non-positive K or limit; reader errors; `.nonFiniteEstimate`.
    public static func score(_ loaded: LoadedRun, split: EvaluationSplit = .test, file: String? = nil, imageLimit: Int? = nil,
                             importanceSamples: Int = RunEvaluator.defaultImportanceSamples, seed: UInt64 = 0,
                             checksTime: Bool = false, group: any ProcessGroup = SingleProcessGroup(), resumable: Bool = false,
                             progress: Progress = { _, _, _ in }) throws -> RunEvaluator.Scores {
        guard let image = loaded.configuration.image else { throw ExperimentError.unsupported("\(loaded.folder.path) is not an image run") }
        for (name, value) in [("importance samples", importanceSamples), ("images", imageLimit ?? 1)] where value <= 0 {
            throw ExperimentError.invalidHyperparameter(name: name, value: "\(value)", requirement: "must be positive")
        }
        let stack: ImageStack, splitName: String
        if let file {
            stack = try ImageFile.read(path: file, limit: loaded.limits.decoding)
            let shape = image.specification.imageShape
            guard stack.imageShape == [shape.channels, shape.height, shape.width] else {
                throw ExperimentError.unsupported("\(file) holds images of \(stack.imageShape.map(String.init).joined(separator: "×")), but the model was trained on \(shape)")
            }
            splitName = file
        } else {
            let images = try loaded.configuration.loadImages(limits: loaded.limits)
            stack = split == .test ? images.test : images.validation
            splitName = split.rawValue
        }
        let points = imageLimit.map { stack.images(in: 0 ..< min($0, stack.count)) } ?? stack
        if checksTime {
            try EvaluationTime.check(loaded.configuration, importanceSamples: importanceSamples, points: points.count, what: "evaluating \(splitName)")
        }
        let started = Date()
        var generator = SplitMix64(seed: seed)
        let x = points.dequantized(Array(0..<points.count), using: &generator)
        let chunks = EvaluationChunks(pointCount: points.count, importanceSamples: importanceSamples, rowsPerPass: ImageExperiment.rowsPerPass,
                                      exact: loaded.model.isExact, using: &generator)
        let kept = try EvaluationProgress.opened(if: resumable, on: group, for: loaded, source: splitName, chunks: chunks,
                                                 importanceSamples: importanceSamples, seed: seed)
        let estimate = try loaded.model.logLikelihood(x, importanceSamples: importanceSamples, chunks: chunks, rowsPerPass: ImageExperiment.rowsPerPass,
                                                      sharedWith: group, keptIn: kept) { done, total in
            progress(done, total, Date().timeIntervalSince(started))
        }
        let mean = estimate.mean
        guard mean.isFinite else {
            let first = estimate.values.firstIndex { !$0.isFinite } ?? 0
            throw ExperimentError.nonFiniteEstimate(run: loaded.folder.path, split: splitName, value: mean, firstPoint: first + 1)
        }
        let dimension = points.pixelsPerImage
        let bits = estimate.bitsPerDimension(dimension: dimension)
        let estimatorError = (estimate.standardErrors.reduce(0) { $0 + $1 * $1 }).squareRoot() / Double(max(estimate.values.count, 1))
        var report = EvaluationReport(run: loaded.folder.path, split: splitName, points: estimate.values.count, dimension: dimension,
                                      logLikelihood: mean, standardError: estimate.standardErrorOfMean, estimatorStandardError: estimatorError,
                                      bitsPerDimension: bits.mean, optimum: nil, gapToOptimum: nil, importanceSamples: estimate.importanceSamples,
                                      exact: loaded.model.isExact, seconds: Date().timeIntervalSince(started))
        report.bitsPerDimensionStandardError = bits.standardError
        return RunEvaluator.Scores(report: report, estimate: estimate, labels: nil)
    }
}
