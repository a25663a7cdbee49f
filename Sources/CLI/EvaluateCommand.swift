import ArgumentParser
import Foundation
import Experiments
import Tensors

extension EvaluationSplit: ExpressibleByArgument {}
extension CheckpointChoice: ExpressibleByArgument {}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test log-likelihood of a trained run: mean ± standard error, bits per dimension, gap to the optimum.",
        discussion: "JSON keys: logLikelihood, standardError, estimatorStandardError, bitsPerDimension, optimum (null when unknown), gapToOptimum, importanceSamples, points, dimension, exact, split, run, seconds, gaussianBaseline (a full-covariance Gaussian fitted to the training split, on the same points; null for --test-file), standardizationLogJacobian (null unless the run standardised its file). Log-likelihoods are in the data's own units.")

    @Argument(help: "The run folder written by `lgf train`.")
    var runFolder: String

    @Option(help: "Which split of the run's dataset to score: test or validation.")
    var split: EvaluationSplit = .test

    @Option(help: "Score the points of this CSV or .npy file instead.")
    var testFile: String?

    @Option(help: "K, importance samples per point for localised models (exact models ignore it).")
    var importanceSamples: Int = RunEvaluator.defaultImportanceSamples

    @Option(help: "Which checkpoint: best or latest.")
    var checkpoint: CheckpointChoice = .best

    @Option(help: "Seed of the importance samples.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Threads for matrix products and large elementwise passes (OpenBLAS' and our own kernel's), at most the machine's core count.")
    var threads: Int = 1

    @Option(help: "Also write every point's log-likelihood (and, for LGF models, its estimator's standard error; and the label, if the run has a label column) to this CSV or .npy file.")
    var perPoint: String?

    @Flag(help: "Print one JSON object as the last line.")
    var json = false

    func validate() throws {
        try ThreadCount.check(threads)
    }

    func run() throws {
        BLAS.threadCount = threads
        let loaded = try LoadedRun(folder: RunFolder(path: runFolder), checkpoint: checkpoint)
        for note in loaded.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        let scores = try RunEvaluator.score(loaded, split: split, file: testFile, importanceSamples: importanceSamples, seed: seed)
        let report = scores.report
        if let perPoint { try RunEvaluator.writePerPoint(scores, to: perPoint) }
        if json { return try JSONLine.print(report) }
        let method = report.exact ? "exact" : "importance sampling, K = \(report.importanceSamples)"
        print("\(loaded.configuration.model.kind.rawValue) on \(report.split) (\(report.points) points, \(method)):")
        print(String(format: "  log-likelihood  %.4f ± %.4f nats (estimator s.e. %.4f)", report.logLikelihood, report.standardError, report.estimatorStandardError))
        print(String(format: "  bits/dimension  %.4f", report.bitsPerDimension))
        if let optimum = report.optimum, let gap = report.gapToOptimum {
            print(String(format: "  optimum         %.4f (gap %.4f)", optimum, gap))
        }
        if let baseline = report.gaussianBaseline {
            print(String(format: "  Gaussian        %.4f nats (full covariance, fitted to the training split)", baseline))
        }
        if let jacobian = report.standardizationLogJacobian {
            print(String(format: "  in the data's own units: includes the standardisation's log-Jacobian −Σ log σ_j = %.4f", jacobian))
        }
        if let perPoint { print("  per point: \(perPoint)") }
    }
}
