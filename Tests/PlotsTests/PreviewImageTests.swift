import Foundation
import Testing
@testable import Plots
import SeededRandom

/// Writes example figures for a person to look at, only when `PLOTS_PREVIEW_DIRECTORY` names a directory:
/// `PLOTS_PREVIEW_DIRECTORY=previews swift test --filter PreviewImageTests` (the directory must exist).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PLOTS_PREVIEW_DIRECTORY"] != nil))
struct PreviewImageTests {
    let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["PLOTS_PREVIEW_DIRECTORY"] ?? ".")

    @Test func writesADensityFigureAndATrainingCurve() throws {
        var generator = SplitMix64(seed: 2020)
        let range = -4.0...4.0
        let truth = GaussianMixture.ring
        let blurred = GaussianMixture(means: truth.means, standardDeviation: 0.6)
        let samples = truth.samples(count: 1000, using: &generator)

        var maf = DensityPlot(title: "MAF  test LL -2.31", values: blurred.grid(size: 300, range: range),
                              xRange: range, yRange: range)
        var lgf = DensityPlot(title: "LGF-MAF  test LL -1.47", values: truth.grid(size: 300, range: range),
                              xRange: range, yRange: range)
        var data = DensityPlot(title: "data (log density)", values: truth.grid(size: 300, range: range),
                               xRange: range, yRange: range)
        data.colorScale = .logDensity(decades: 5)
        data.colorMap = .magma
        data.markerStyle = .lightDots
        maf.points = samples
        lgf.points = samples
        data.points = samples
        let figure = Figure(title: "8 Gaussians: MAF vs LGF-MAF vs data",
                            panels: [try maf.render(), try lgf.render(), try data.render()])
        try PNGFile.write(try figure.render(), to: directory.appendingPathComponent("figure-density.png").path)

        let epochs = 60
        let baseline = (1...epochs).map { -1.55 - 1.6 * exp(-Double($0) / 8) + 0.02 * sin(Double($0)) }
        var localised = (1...epochs).map { -1.44 - 1.8 * exp(-Double($0) / 6) + 0.015 * cos(Double($0)) }
        localised[30] = .nan  // a diverged evaluation is skipped, breaking the curve
        let chart = LineChart(title: "Validation log-likelihood", series: [
            LineSeries(name: "MAF", yValues: baseline),
            LineSeries(name: "LGF-MAF", yValues: localised),
        ], xLabel: "epoch", yLabel: "log-likelihood (nats)")
        try PNGFile.write(try chart.render(),
                                              to: directory.appendingPathComponent("training-curve.png").path)
    }
}
