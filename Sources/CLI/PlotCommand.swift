import ArgumentParser
import Foundation
import Tensors
import Runs
import Reports

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the learned densities of 2-D runs side by side (as in Figure 1) and their training curves.",
        discussion: "Each run's density exp(log p̂) is drawn on a grid over the training data's range ± 0.2 with the training points overlaid, on a log colour scale (three decades) when it spans more than two orders of magnitude. Localised models use importance sampling: --plot-importance-samples draws from q(u|x) at every grid point; wherever the standard error of log p̂ exceeds --noise-fraction of the colour scale (and around such points), the proposal is fitted to the point's posterior (a defensive mixture of q and a Gaussian, refitted over three rounds) and the estimate is made afresh from it, with twice as many draws, and so on up to --max-importance-samples, while the noise shows. The summary line gives the draws, the adapted points and the points meeting the target. Progress goes to standard error. JSON keys: density, curves, runs.")

    @Argument(help: "One or more run folders written by `lgf train`.")
    var runFolders: [String]

    @Option(name: .shortAndLong, help: "The density figure to write (PNG).", completion: .file(extensions: ["png"]))
    var output: String = "density.png"

    @Option(help: "The training-curves figure to write (PNG); none when empty.", completion: .file(extensions: ["png"]))
    var curves: String = "curves.png"

    @OptionGroup var figure: DensityFigureOptions

    @Option(parsing: .unconditional, help: "Pixels per point of the PNGs (2: a 480-pixel heat map; 1 for small files).")
    var scale: Double = 2

    @OptionGroup var random: SeedOption

    @OptionGroup var format: JSONOption

    struct Result: Encodable { let density: String, curves: String?, runs: [String] }

    func validate() throws {
        if runFolders.isEmpty { throw ValidationError("give at least one run folder") }
        if !(scale > 0 && scale <= 8) { throw ValidationError("--scale must be in (0, 8], got \(scale)") }
    }

    func run() throws {
        let runs = try runFolders.map { try LoadedRun(folder: RunFolder(path: $0)) }
        let kept = runs.flatMap { $0.folder.filesToKeep() }
        try OutputTarget.check(output, flag: "--output", keeping: kept)
        if !curves.isEmpty { try OutputTarget.check(curves, flag: "--curves", keeping: kept) }
        let names = runs.map { $0.configuration.model.modelName.uppercased() }
        let titles = try zip(names, runs).map { try RunFigures.validationTitle(name: $0, folder: $1.folder) }
        var densities = try RunFigures.densityFigure(of: runs, titles: titles, gridSize: figure.gridSize(), sampling: figure.sampling(),
                                                     seed: random.seed, log: DensityFigureProgress())
        densities.scale = scale
        try densities.write(to: output)
        var curvesPath: String?
        if !curves.isEmpty {
            let optimum = try runs[0].dataset().optimum
            var curvesFigure = try RunFigures.trainingCurves(of: Array(zip(names, runs.map(\.folder))), optimum: optimum)
            curvesFigure.scale = scale
            try curvesFigure.write(to: curves)
            curvesPath = curves
        }
        if format.json { return try JSONLine.print(Result(density: output, curves: curvesPath, runs: runFolders)) }
        print("Wrote \(output)" + (curvesPath.map { " and \($0)" } ?? "") + ".")
    }
}
