import Foundation
import Tensors
import Flows
import Datasets
import Plots
import Configurations
import Runs
import Figures

/// Told how the density grids of a figure advance: the library's progress channel (the CLI prints it).
public protocol DensityFigureLog: AnyObject {
    /// `panel` (a run's title) has evaluated `progress.pointsDone` of the current round's points.
    func densityGrid(_ panel: String, didAdvance progress: DensityGrid.Progress)
    /// `panel`'s grid is complete after `seconds` of wall-clock time.
    func densityGrid(_ panel: String, didFinish grid: DensityGrid, seconds: Double)
}

/// The figures of trained 2-D runs: densities side by side (paper Figure 1) and training curves.
public enum RunFigures {
    /// The training data of the first run, then each run's density over the data's range ± 0.2, with the
    /// training points overlaid, axes labelled by the data's column names (x₁, x₂ without them), and each
    /// localised model's K chosen per grid point by `sampling` (see ``ImportanceSampling``).
    ///
    /// - Parameter titles: one per run, e.g. "LGF-MAF   test LL −1.473".
    public static func densityFigure(of runs: [LoadedRun], titles: [String], figureTitle: String = "", gridSize: Int = 300,
                                     sampling: ImportanceSampling = ImportanceSampling(), seed: UInt64 = 0,
                                     log: DensityFigureLog? = nil) throws -> DensityFigure {
        guard let first = runs.first else { throw ExperimentError.unsupported("no run to plot") }
        for run in runs where run.model.dimension != 2 {
            throw ExperimentError.unsupported("\(run.folder.path): density plots need 2-D data, this model is \(run.model.dimension)-dimensional")
        }
        for run in runs where run.model.isConditional {
            throw ExperimentError.unsupported("\(run.folder.path) is a conditional density p(x | c), which has one picture per context; density plots show unconditional runs (sample it given a context with lgf sample --context)")
        }
        let data = try first.dataset().train
        let box = try DensityGrid.Box(enclosing: data)
        var generator = SplitMix64(seed: seed)
        var panels: [DensityFigure.Panel] = [.scatter(over: box, title: "training data (\(grouped(data.rowCount)) points)")]
        var figure = DensityFigure(title: figureTitle, panels: [], overlayPoints: try DensityFigure.overlayPoints(from: data))
        for (run, title) in zip(runs, titles) {
            let started = Date()
            let grid = try DensityGrid(evaluating: run.model, over: box, gridSize: gridSize, sampling: sampling,
                                       using: &generator) { log?.densityGrid(run.configuration.model.modelName, didAdvance: $0) }
            log?.densityGrid(run.configuration.model.modelName, didFinish: grid, seconds: Date().timeIntervalSince(started))
            panels.append(.density(grid, title: title))
        }
        figure.panels = panels
        figure.colorScale = sampling.colorScale
        if let names = data.columnNames, names.count == 2 { figure.axisLabels = names }
        let shown = figure.overlayPoints.count
        figure.overlayLabel = shown < data.rowCount
            ? "training points (\(grouped(shown)) of \(grouped(data.rowCount)))" : "training points"
        return figure
    }

    /// "MAF   validation LL −1.623": the run's best validation estimate, for titles when no test figure is at hand.
    public static func validationTitle(name: String, folder: RunFolder) throws -> String {
        let best = try folder.readMetrics().map(\.validation).filter(\.isFinite).max()
        return best.map { "\(name)   validation LL \(signed($0))" } ?? name
    }

    /// "LGF-MAF   test LL −1.594".
    public static func testTitle(name: String, logLikelihood: Double) -> String {
        "\(name)   test LL \(signed(logLikelihood))"
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

    /// Three decimals with a typographic minus sign.
    static func signed(_ value: Double) -> String {
        String(format: "%.3f", value).replacingOccurrences(of: "-", with: "\u{2212}")
    }

    /// 10000 → "10,000".
    static func grouped(_ count: Int) -> String {
        let digits = Array(String(count))
        return String(digits.enumerated().flatMap { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? [",", digit] : [digit]
        })
    }
}
