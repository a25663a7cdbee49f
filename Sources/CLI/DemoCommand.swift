import ArgumentParser
import Foundation
import Flows
import Tensors
import Runs
import Reports
import Training

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Figure 1 of the paper: MAF vs LGF-MAF on two rectangles, test log-likelihoods and a density figure.",
        discussion: "Trains both models (80,080 and 80,810 parameters), evaluates them on 5,000 test points (LGF-MAF by importance sampling with K = 1000) beside the optimum −log 4 = −1.386, and writes the side-by-side density figure. JSON keys: maf, lgfMAF (each with logLikelihood, standardError, epochs), optimum, figure.")

    @Option(help: "Epochs per model (the paper: 300). The default keeps the demo within a few minutes.")
    var epochs: Int = 60

    @Flag(help: "Run the paper's full 300 epochs.")
    var full = false

    @Option(help: "Folder for the two runs and the figure (default runs/demo, or runs/demo-full with --full, so that a full run does not collide with a shorter one).")
    var output: String?

    @OptionGroup var random: SeedOption

    @Option(help: "K for the test estimate of LGF-MAF.")
    var importanceSamples: Int = RunEvaluator.defaultImportanceSamples

    @OptionGroup var figure: DensityFigureOptions

    @OptionGroup var format: JSONOption

    struct ModelResult: Encodable { let logLikelihood: Double, standardError: Double, epochs: Int, parameters: Int }
    struct Result: Encodable { let maf: ModelResult, lgfMAF: ModelResult, optimum: Double, figure: String? }

    func validate() throws {
        try OptionBounds.check([("--epochs", epochs, 1), ("--importance-samples", importanceSamples, 1)])
    }

    func run() throws {
        let output = self.output ?? (full ? "runs/demo-full" : "runs/demo")
        let demo = TwoRectanglesDemo(output: output, epochs: full ? TwoRectanglesDemo.paperEpochs : epochs, seed: random.seed)
        var results: [ModelKind: ModelResult] = [:]
        for kind in [ModelKind.maf, .lgfMAF] {
            if !format.json { print("Training \(kind.rawValue) on two rectangles for \(demo.epochs) epochs…") }
            let summary = try demo.train(kind, log: TrainingProgress(label: kind.rawValue, totalEpochs: demo.epochs))
            let loaded = try LoadedRun(folder: demo.folder(for: kind))
            let report = try RunEvaluator.evaluate(loaded, importanceSamples: importanceSamples, seed: random.seed)
            results[kind] = ModelResult(logLikelihood: report.logLikelihood, standardError: report.standardError, epochs: summary.epochs, parameters: summary.parameters)
        }
        let optimum = -Foundation.log(4.0)
        guard let maf = results[.maf], let lgf = results[.lgfMAF] else { return }
        let sampling = figure.sampling, gridSize = figure.gridSize()
        if !format.json { print("Drawing the densities (\(gridSize)×\(gridSize) grid; LGF-MAF with K = \(sampling.initialSamples) per point; where the estimate is noisy, a proposal fitted to the point and up to K = \(sampling.maximumSamples))…") }
        let figurePath = (output as NSString).appendingPathComponent("two-rectangles.png")
        let curvesPath = (output as NSString).appendingPathComponent("training-curves.png")
        let runs = try [ModelKind.maf, .lgfMAF].map { try LoadedRun(folder: demo.folder(for: $0)) }
        let titles = [RunFigures.testTitle(name: "MAF", logLikelihood: maf.logLikelihood),
                      RunFigures.testTitle(name: "LGF-MAF", logLikelihood: lgf.logLikelihood)]
        try RunFigures.densityFigure(of: runs, titles: titles, figureTitle: "Two rectangles (optimum −log 4 = −1.386)", gridSize: gridSize,
                                     sampling: sampling, seed: random.seed, log: format.json ? nil : DensityFigureProgress()).write(to: figurePath)
        try RunFigures.trainingCurves(of: [("MAF", demo.folder(for: .maf)), ("LGF-MAF", demo.folder(for: .lgfMAF))], optimum: optimum).write(to: curvesPath)
        if format.json { return try JSONLine.print(Result(maf: maf, lgfMAF: lgf, optimum: optimum, figure: figurePath)) }
        print("")
        print("Two rectangles, test log-likelihood (5,000 points; optimum −log 4 = \(String(format: "%.3f", optimum))):")
        print(String(format: "  MAF      (%6d parameters, exact)          %.3f ± %.3f", maf.parameters, maf.logLikelihood, maf.standardError))
        print(String(format: "  LGF-MAF  (%6d parameters, IS K = %d)  %.3f ± %.3f", lgf.parameters, importanceSamples, lgf.logLikelihood, lgf.standardError))
        print("Figures: \(figurePath), \(curvesPath)")
    }
}
