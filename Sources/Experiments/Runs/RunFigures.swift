import Foundation
import Tensors
import Flows
import Datasets

/// The figures of trained 2-D runs: densities side by side (paper Figure 1) and training curves.
public enum RunFigures {
    /// K for plotting localised models: every one of the G² grid points needs K draws, so plots use fewer
    /// than the K = 1000 of the test estimate (a 300 × 300 grid at K = 100 is 9 M forward rows).
    public static let defaultImportanceSamples = 100

    /// The training data of the first run, then each run's density over the data's range ± 0.2, with the
    /// training points overlaid. - Parameter titles: one per run (e.g. "LGF-MAF  test LL −1.47").
    public static func densityFigure(of runs: [LoadedRun], titles: [String], figureTitle: String = "", gridSize: Int = 300,
                                     importanceSamples: Int = defaultImportanceSamples, seed: UInt64 = 0) throws -> DensityFigure {
        guard let first = runs.first else { throw ExperimentError.unsupported("no run to plot") }
        for run in runs where run.model.dimension != 2 {
            throw ExperimentError.unsupported("\(run.folder.path): density plots need 2-D data, this model is \(run.model.dimension)-dimensional")
        }
        let data = try first.dataset().train
        let box = try DensityGrid.Box(enclosing: data)
        var generator = SplitMix64(seed: seed)
        var panels: [DensityFigure.Panel] = [.scatter(over: box, title: "data (\(data.rowCount) training points)")]
        for (run, title) in zip(runs, titles) {
            let grid = try DensityGrid(evaluating: run.model, over: box, gridSize: gridSize, importanceSamples: importanceSamples, using: &generator)
            panels.append(.density(grid, title: title))
        }
        return DensityFigure(title: figureTitle, panels: panels, overlayPoints: try DensityFigure.overlayPoints(from: data))
    }

    /// Training objective and validation estimate per epoch of each named run, with the optimum if known.
    public static func trainingCurves(of runs: [(name: String, folder: RunFolder)], optimum: Double?, title: String = "") throws -> TrainingCurveFigure {
        let curves = try runs.map { name, folder in
            TrainingCurveFigure.Run(name: name, epochs: try folder.readMetrics().map {
                TrainingCurveFigure.Epoch(epoch: $0.epoch, trainingObjective: $0.trainObjective, validationEstimate: $0.validation)
            })
        }
        return TrainingCurveFigure(title: title, runs: curves, optimum: optimum)
    }
}
