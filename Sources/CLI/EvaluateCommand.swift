import ArgumentParser
import Distributed
import Foundation
import Runs
import Tensors

extension EvaluationSplit: ExpressibleByArgument {}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test log-likelihood of a trained run: mean ± standard error, bits per dimension, gap to the optimum.",
        discussion: "JSON keys: logLikelihood, standardError, estimatorStandardError, bitsPerDimension, optimum (null when unknown), gapToOptimum, importanceSamples, points, dimension, exact, split, run, seconds, gaussianBaseline (a full-covariance Gaussian fitted to the training split, on the same points; null for --test-file), standardizationLogJacobian (null unless the run standardised its file), bitsPerDimensionStandardError (image runs), context (the columns a conditional run's log p(x | c) is given; null otherwise). Log-likelihoods are in the data's own units; an image run's are on the [0, 256) pixel scale, its bits per dimension ± standard error printed first. The points can be shared among the ranks of an MPI job (`mpirun -n N lgf evaluate RUN`): each rank scores whole chunks of points, rank 0 prints, and the numbers are those of one process.")

    @OptionGroup var trained: TrainedRunOptions

    @Option(help: "Which split of the run's dataset to score.")
    var split: EvaluationSplit = .test

    @Option(help: "Score the points of this CSV or .npy file instead (a conditional run's file has all the columns of its training file, x and c).", completion: .file())
    var testFile: String?

    @Option(parsing: .unconditional, help: "K, importance samples per point for localised models (exact models ignore it).")
    var importanceSamples: Int = RunEvaluator.defaultImportanceSamples

    @OptionGroup var random: SeedOption

    @OptionGroup var compute: ComputeOptions

    @Option(help: "Also write every point's log-likelihood (and, for LGF models, its estimator's standard error; and the label, if the run has a label column) to this CSV or .npy file.", completion: .file())
    var perPoint: String?

    @Option(parsing: .unconditional, help: "Image runs: score only the first N images of the split or file (all by default).")
    var images: Int?

    @OptionGroup var format: JSONOption

    @OptionGroup var longEvaluation: LongEvaluationOption

    @Flag(help: "Keep every finished chunk of points in RUN/evaluations/, so that the same command started again after an interruption continues where it stopped, with the same result as an evaluation without a break.")
    var resumable = false

    func run() throws {
        compute.apply()
        let group = MPIProcessGroup.isLaunched() ? try ProcessGroups.current() : SingleProcessGroup()
        let loaded = try trained.load()
        if let perPoint {
            try OutputTarget.check(perPoint, flag: "--per-point",
                                   keeping: loaded.folder.filesToKeep() + (testFile.map { [($0, "the test file (--test-file)")] } ?? []))
        }
        let isImage = loaded.configuration.image != nil
        if images != nil && !isImage { throw ValidationError("--images is for image runs; \(trained.runFolder) models vectors") }
        let scores = try DataParallelRanks.abortingJobOnError(of: group) { try score(loaded, group: group) }
        guard group.isLeader else { return }
        let report = scores.report
        if let perPoint { try RunEvaluator.writePerPoint(scores, to: perPoint) }
        if format.json { return try JSONLine.print(report) }
        let method = report.exact ? "exact" : "importance sampling, K = \(report.importanceSamples)"
        if isImage {
            print("\(loaded.configuration.model.modelName) on \(report.split) (\(report.points) images of \(report.dimension) pixels, \(method)):")
            print(String(format: "  bits/dimension  %.4f ± %.4f (on the [0, 256) pixel scale)", report.bitsPerDimension, report.bitsPerDimensionStandardError ?? 0))
            print(String(format: "  log-likelihood  %.2f ± %.2f nats per image (estimator s.e. %.2f)", report.logLikelihood, report.standardError, report.estimatorStandardError))
            print(String(format: "  time            %.1f s", report.seconds))
        } else {
            print("\(loaded.configuration.model.modelName) on \(report.split) (\(report.points) points, \(method)):")
            printVectorFigures(report)
        }
        if let perPoint { print("  per point: \(perPoint)") }
    }
}

extension Evaluate {
    /// The run's scores on this process's share of the points (all of them on rank 0). For images, the expected run
    /// time is printed once the first chunk is done.
    func score(_ loaded: LoadedRun, group: any ProcessGroup) throws -> RunEvaluator.Scores {
        guard loaded.configuration.image != nil else {
            return try RunEvaluator.score(loaded, split: split, file: testFile, importanceSamples: importanceSamples, seed: random.seed,
                                          checksTime: longEvaluation.checksTime, group: group, resumable: resumable)
        }
        var announced = !group.isLeader
        return try ImageRunEvaluator.score(loaded, split: split, file: testFile, imageLimit: images, importanceSamples: importanceSamples,
                                           seed: random.seed, checksTime: longEvaluation.checksTime, group: group,
                                           resumable: resumable) { done, total, seconds in
            guard !announced, done < total else { return }
            announced = true
            let expected = seconds / Double(done) * Double(total)
            Console.writeError("Expected time: about \(TrainingProgress.duration(expected)) for \(total) images "
                + "(the first \(done) took \(String(format: "%.1f", seconds)) s)\n")
        }
    }

    /// A vector run's figures below the heading: the log-likelihood, bits per dimension, optimum, Gaussian baseline.
    func printVectorFigures(_ report: EvaluationReport) {
        if let context = report.context { print("  conditional     log p(x | c) given \(context.joined(separator: ", ")), each point's own context") }
        print(String(format: "  log-likelihood  %.4f ± %.4f nats (estimator s.e. %.4f)", report.logLikelihood, report.standardError, report.estimatorStandardError))
        print(String(format: "  bits/dimension  %.4f", report.bitsPerDimension))
        if let optimum = report.optimum, let gap = report.gapToOptimum {
            print(String(format: "  optimum         %.4f (gap %.4f)", optimum, gap))
        }
        if let baseline = report.gaussianBaseline {
            let given = report.context == nil ? "" : "; of x alone, not given c"
            print(String(format: "  Gaussian        %.4f nats (full covariance, fitted to the training split", baseline) + given + ")")
        }
        if let jacobian = report.standardizationLogJacobian {
            print(String(format: "  in the data's own units: includes the standardisation's log-Jacobian −Σ log σ_j = %.4f", jacobian))
        }
    }
}
