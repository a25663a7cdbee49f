import ArgumentParser
import Foundation
import Figures
import Flows
import Tensors
import Runs
import Reports
import Training

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Figure 1 of the paper: MAF vs LGF-MAF on two rectangles, test log-likelihoods and a density figure.",
        discussion: "Trains both models (80,080 and 80,810 parameters), evaluates them on 5,000 test points (LGF-MAF by importance sampling with K = 1000) beside the optimum −log 4 = −1.386, prints their difference on the same points with its standard error, and writes the side-by-side density figure (the MAF keeps a bridge of mass between the rectangles, the LGF-MAF separates them). JSON keys: maf, lgfMAF (each with logLikelihood, standardError, epochs, parameters), difference (mean, standardError, points: LGF-MAF − MAF per test point), optimum, figure.")

    @Option(parsing: .unconditional, help: "Epochs per model (the paper: 300). The default keeps the demo within a few minutes.")
    var epochs: Int = TwoRectanglesDemo.defaultEpochs

    @Flag(help: "Run the paper's full 300 epochs.")
    var full = false

    @Option(help: "Folder for the two runs and the figure (default runs/demo, or runs/demo-full with --full, so that a full run does not collide with a shorter one).", completion: .directory)
    var output: String?

    @OptionGroup var random: SeedOption

    @Option(parsing: .unconditional, help: "K for the test estimate of LGF-MAF.")
    var importanceSamples: Int = RunEvaluator.defaultImportanceSamples

    @OptionGroup var figure: DensityFigureOptions

    @OptionGroup var format: JSONOption

    /// The density panel of the default run: 150 × 150 points, K from 50 up to 400 where the estimate is noisy (a
    /// tenth of the time of the paper's 300 × 300 grid with K from 100 to 1,600, for the same picture at this size).
    static let pictureGridSize = 150
    static let pictureSampling = ImportanceSampling(initialSamples: 50, maximumSamples: 400)

    struct ModelResult: Encodable { let logLikelihood: Double, standardError: Double, epochs: Int, parameters: Int }
    struct Result: Encodable { let maf: ModelResult, lgfMAF: ModelResult, difference: PairedDifference, optimum: Double, figure: String? }

    func validate() throws {
        try OptionBounds.check([("--epochs", epochs, 1), ("--importance-samples", importanceSamples, 1)])
    }

    func run() throws {
        let output = self.output ?? (full ? "runs/demo-full" : "runs/demo")
        var demo = TwoRectanglesDemo(output: output)
        demo.epochs = full ? TwoRectanglesDemo.paperEpochs : epochs
        demo.seed = random.seed
        var results: [ModelKind: ModelResult] = [:], pointScores: [ModelKind: [Double]] = [:]
        for kind in [ModelKind.maf, .lgfMAF] {
            if !format.json { print("Training \(kind.rawValue) on two rectangles for \(demo.epochs) epochs…") }
            let summary = try demo.train(kind, log: TrainingProgress(label: kind.rawValue, totalEpochs: demo.epochs))
            let loaded = try LoadedRun(folder: demo.folder(for: kind))
            let scores = try RunEvaluator.score(loaded, importanceSamples: importanceSamples, seed: random.seed)
            results[kind] = ModelResult(logLikelihood: scores.report.logLikelihood, standardError: scores.report.standardError, epochs: summary.epochs,
                                        parameters: summary.parameters)
            pointScores[kind] = scores.estimate.values
        }
        let optimum = -Foundation.log(4.0)
        guard let maf = results[.maf], let lgf = results[.lgfMAF] else { return }
        let difference = try PairedDifference(first: pointScores[.maf] ?? [], second: pointScores[.lgfMAF] ?? [])
        let sampling = figure.sampling(default: full ? ImportanceSampling() : Demo.pictureSampling)
        let gridSize = figure.gridSize(default: full ? DensityFigureOptions.defaultGridSize : Demo.pictureGridSize)
        if !format.json { print("Drawing the densities (\(gridSize)×\(gridSize) grid; LGF-MAF with K = \(sampling.initialSamples) per point; where the estimate is noisy, a proposal fitted to the point and up to K = \(sampling.maximumSamples))…") }
        let figurePath = (output as NSString).appendingPathComponent("two-rectangles.png")
        let curvesPath = (output as NSString).appendingPathComponent("training-curves.png")
        let runs = try [ModelKind.maf, .lgfMAF].map { try LoadedRun(folder: demo.folder(for: $0)) }
        let titles = [RunFigures.testTitle(name: "MAF", logLikelihood: maf.logLikelihood),
                      RunFigures.testTitle(name: "LGF-MAF", logLikelihood: lgf.logLikelihood)]
        try RunFigures.densityFigure(of: runs, titles: titles, figureTitle: "Two rectangles (optimum −log 4 = −1.386)", gridSize: gridSize,
                                     sampling: sampling, seed: random.seed, log: format.json ? nil : DensityFigureProgress()).write(to: figurePath)
        try RunFigures.trainingCurves(of: [("MAF", demo.folder(for: .maf)), ("LGF-MAF", demo.folder(for: .lgfMAF))], optimum: optimum).write(to: curvesPath)
        if format.json { return try JSONLine.print(Result(maf: maf, lgfMAF: lgf, difference: difference, optimum: optimum, figure: figurePath)) }
        print("")
        print("Two rectangles, test log-likelihood (5,000 points; optimum −log 4 = \(String(format: "%.3f", optimum))):")
        print(String(format: "  MAF      (%6d parameters, exact)          %.3f ± %.3f", maf.parameters, maf.logLikelihood, maf.standardError))
        print(String(format: "  LGF-MAF  (%6d parameters, IS K = %d)  %.3f ± %.3f", lgf.parameters, importanceSamples, lgf.logLikelihood, lgf.standardError))
        print(String(format: "  LGF-MAF − MAF on the same points         %+.3f ± %.3f (%.1f standard errors)", difference.mean, difference.standardError,
                     difference.standardErrors))
        print("")
        TwoRectanglesDemo.explanation.forEach { print($0) }
        print("Figures: \(figurePath), \(curvesPath)")
    }
}
