import Foundation
import Testing
import Plots
@testable import Figures

/// Training-curve figures: layouts, the fitted range and the PNG written.
struct TrainingCurveFigureTests {
    static func run(_ name: String, offset: Double, epochs: Int = 40) -> TrainingCurveFigure.Run {
        TrainingCurveFigure.Run(name: name, epochs: (1...epochs).map { epoch in
            let value = -1.4 - offset - 3 / Double(epoch)
            return .init(epoch: epoch, trainingObjective: value - 0.05, validationEstimate: value)
        })
    }

    @Test func writesADecodablePNGOfOneOrTwoCharts() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let runs = [Self.run("MAF", offset: 0.2), Self.run("LGF-MAF", offset: 0.05)]
        var figure = TrainingCurveFigure(title: "2uniforms", runs: runs, optimum: -log(4))
        let path = directory.appendingPathComponent("curves.png").path
        try figure.write(to: path)
        let both = try #require(pngDimensions(of: Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
        // 2 pixels per point: two charts, a 12-point gap, 8 points of padding a side, a 14-point title.
        let chartPixels = Int(2 * figure.chartWidth)
        #expect(both.width == 2 * chartPixels + 24 + 32)
        #expect(both.height > Int(2 * figure.chartHeight) + 32 + 30)
        figure.layout = .validationOnly
        let single = try figure.render()
        #expect(single.width == chartPixels + 32)
    }

    @Test func fittedRangeSkipsNothingNonFiniteAndPadsTheSpan() throws {
        let range = try #require(TrainingCurveFigure.fittedRange(of: [-2, .nan, -1, -.infinity], including: -1.5))
        #expect(abs(range.lowerBound - -2.05) < 1e-12 && abs(range.upperBound - -0.95) < 1e-12)
        let withOptimum = try #require(TrainingCurveFigure.fittedRange(of: [-2, -1.8], including: -1))
        #expect(withOptimum.upperBound > -1)
        #expect(TrainingCurveFigure.fittedRange(of: [1, 1]) == nil)
        #expect(TrainingCurveFigure.fittedRange(of: []) == nil)
    }

    @Test func rendersDivergedRunsAndEmptyRuns() throws {
        var diverged = Self.run("MAF", offset: 0, epochs: 5)
        diverged.epochs[3].validationEstimate = .nan
        diverged.epochs[4].trainingObjective = -.infinity
        let image = try TrainingCurveFigure(runs: [diverged, .init(name: "empty", epochs: [])], optimum: -1.386).render()
        #expect(image.width > 0)
        #expect(try TrainingCurveFigure(runs: []).render().height > 0)
    }
}
