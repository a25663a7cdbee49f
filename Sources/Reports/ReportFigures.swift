import Foundation
import Plots
import Tensors
import Runs
import Figures

/// The report's figures: each configuration's training curves (every seed a line), and for 2-D data the
/// chosen models' densities side by side (Figures 1, 4, 5) and the Figure-2 strip of densities after
/// consecutive epochs.
enum ReportFigures {
    /// - Parameter testNote: how the test figure was estimated when it is not the paper's setting (image runs), for the caption.
    static func curves(of selection: ModelSelection, optimum: Double?, testNote: String? = nil) throws -> [Report.Figure] {
        try selection.candidates.enumerated().map { index, candidate in
            let named = candidate.runs.map { (name: "seed \($0.seed)", folder: $0.folder) }
            let figure = try RunFigures.trainingCurves(of: named, optimum: optimum)
            let label = candidate.label.isEmpty ? "default configuration" : candidate.label
            return Report.Figure(section: "Training curves: \(selection.dataset)", title: "\(selection.model.rawValue), \(label)\(index == selection.chosen ? " (chosen)" : "")",
                                 caption: "Training objective and validation estimate per epoch, one line per seed" + (optimum.map { String(format: "; optimum %.3f", $0) } ?? "") + "."
                                    + (testNote.map { " Test figure in the table: \($0)." } ?? ""),
                                 png: try PNGFile.encode(figure.render()))
        }
    }

    /// The captions' words for `options.sampling`.
    private static func samplingNote(_ options: ReportOptions) -> String {
        "localised models by importance sampling, K from \(options.sampling.initialSamples) per point, raised where the estimate is noisy"
    }

    /// The densities of the first seed of each model's chosen configuration on one 2-D dataset, beside the data.
    static func densities(dataset: String, chosen: [(selection: ModelSelection, row: ResultRow, run: ReportRun)], options: ReportOptions) throws -> Report.Figure? {
        // A conditional density p(x | c) has no one picture of x: its runs have no density panels.
        guard chosen.allSatisfy({ $0.run.configuration.model.dimension == 2 && $0.run.configuration.model.context == nil }), !chosen.isEmpty else { return nil }
        let titles = chosen.map { String(format: "%@  test LL %.3f", $0.selection.model.rawValue.uppercased(), $0.row.testPerSeed.first ?? .nan) }
        let key = try (["densities of \(dataset)"] + chosen.map { try CachedFigure.describe(checkpoint: $0.run.folder.bestCheckpointPath) }
                       + titles + [drawingKey(options)]).joined(separator: "\n")
        let (png, cached) = try CachedFigure.png(in: chosen[0].run.folder, name: "report-densities", key: key) {
            let runs = try chosen.map { try LoadedRun(folder: $0.run.folder) }
            let figure = try RunFigures.densityFigure(of: runs, titles: titles, gridSize: options.gridSize,
                                                      sampling: options.sampling, seed: options.evaluationSeed)
            return try PNGFile.encode(figure.render())
        }
        return Report.Figure(section: "Densities: \(dataset)", title: "Learned densities (\(dataset), seed \(chosen[0].run.seed))",
                             caption: "exp(log p̂) on a \(options.gridSize)×\(options.gridSize) grid over the data's range ± 0.2 (\(samplingNote(options))), training points overlaid, as in Figures 1, 4 and 5.",
                             png: png, fromCache: cached)
    }

    /// What the density figures depend on besides the checkpoints: grid, K and seed.
    private static func drawingKey(_ options: ReportOptions) -> String {
        let defaults = ImportanceSampling(initialSamples: options.sampling.initialSamples)
        let refinement = options.sampling == defaults ? "" : ", K up to \(options.sampling.maximumSamples), noise fraction \(options.sampling.colorFraction)"
        return "grid \(options.gridSize), K from \(options.sampling.initialSamples)\(refinement), seed \(options.evaluationSeed)"
    }

    /// The density after each of the last `options.stripEpochs` snapshot epochs of `run` (Figure 2), or `nil` without snapshots.
    static func strip(of run: ReportRun, model: String, options: ReportOptions) throws -> Report.Figure? {
        let epochs = Array(run.folder.snapshotEpochs().suffix(options.stripEpochs))
        guard epochs.count >= 2, run.configuration.model.dimension == 2, run.configuration.model.context == nil else { return nil }
        let key = try (["densities after epochs \(epochs.map(String.init).joined(separator: ", "))"]
                       + epochs.map { try CachedFigure.describe(checkpoint: run.folder.snapshotPath(epoch: $0)) } + [drawingKey(options)]).joined(separator: "\n")
        let (png, cached) = try CachedFigure.png(in: run.folder, name: "report-epochs", key: key) {
            let data = try run.configuration.data.load(seed: run.configuration.training.seed).train
            let box = try DensityGrid.Box(enclosing: data)
            var generator = SplitMix64(seed: options.evaluationSeed)
            let panels = try epochs.map { epoch -> DensityFigure.Panel in
                let loaded = try LoadedRun(folder: run.folder, snapshotEpoch: epoch)
                let grid = try DensityGrid(evaluating: loaded.model, over: box, gridSize: options.gridSize,
                                           sampling: options.sampling, using: &generator)
                return .density(grid, title: "epoch \(epoch)", showsPoints: false)
            }
            return try PNGFile.encode(DensityFigure(title: "", panels: panels).render())
        }
        return Report.Figure(section: "Densities over consecutive epochs", title: "\(model), \(run.dataset), seed \(run.seed)",
                             caption: "The density after each of epochs \(epochs.first ?? 0)–\(epochs.last ?? 0) (as in Figure 2, where a baseline's support moves from epoch to epoch and a localised model's stays put; \(samplingNote(options))).",
                             png: png, fromCache: cached)
    }
}
