import Foundation
import Testing
@testable import Plots

struct DensityPlotTests {
    /// A single bump at (1, 2) on [-4, 4]², so its peak is right of centre and *above* it.
    static func bumpPlot(gridSize: Int = 81) -> DensityPlot {
        let step = 8.0 / Double(gridSize - 1)
        let values = (0..<gridSize * gridSize).map { index -> Double in
            let x = -4 + Double(index % gridSize) * step, y = -4 + Double(index / gridSize) * step
            return exp(-((x - 1) * (x - 1) + (y - 2) * (y - 2)))
        }
        var plot = DensityPlot(title: "bump", values: values, gridSize: gridSize, xRange: -4...4, yRange: -4...4)
        plot.plotSize = 160
        return plot
    }

    @Test func theBrightestPixelSitsAtTheMaximumWithYPointingUp() throws {
        let plot = Self.bumpPlot()
        let image = try plot.render()
        let area = plot.heatMapArea()
        let top = ColorMap.viridis.color(at: 1)
        var brightest: [(x: Int, y: Int)] = []
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX where image[x, y] == top {
                brightest.append((x, y))
            }
        }
        #expect(!brightest.isEmpty)
        for pixel in brightest {
            let dataX = -4 + (Double(pixel.x - area.x) + 0.5) / Double(area.width) * 8
            let dataY = 4 - (Double(pixel.y - area.y) + 0.5) / Double(area.height) * 8
            #expect(abs(dataX - 1) < 0.15 && abs(dataY - 2) < 0.15, "brightest at (\(dataX), \(dataY))")
        }
        // The darkest colour is at the opposite corner from the bump, bottom left.
        #expect(image[area.x, area.maxY - 1] == ColorMap.viridis.color(at: 0))
    }

    @Test func gridRowZeroIsDrawnAtTheBottom() throws {
        let size = 10
        let values = (0..<size * size).map { $0 < size ? 1.0 : 0.0 }
        var plot = DensityPlot(title: "", values: values, gridSize: size, xRange: 0...1, yRange: 0...1)
        plot.plotSize = 50
        plot.showsColorBar = false
        let image = try plot.render()
        let area = plot.heatMapArea()
        #expect(image[area.x + 20, area.maxY - 1] == ColorMap.viridis.color(at: 1))
        #expect(image[area.x + 20, area.y] == ColorMap.viridis.color(at: 0))
    }

    @Test func logScaleClipsBelowTheDynamicRangeAndGivesZerosTheLowestColour() throws {
        let values: [Double] = [0, exp(-30), exp(-5), 1]
        let index = ColorIndex(values: values, scale: .logDensity(dynamicRange: 10))
        #expect(index.upperBound == 0 && index.lowerBound == -10)
        #expect(index.level(of: 0) == 0 && index.level(of: exp(-30)) == 0)
        #expect(index.level(of: exp(-5)) == Int((0.5 * Double(ColorIndex.levels - 1)).rounded()))
        #expect(index.level(of: 1) == ColorIndex.levels - 1)
        let linear = ColorIndex(values: values + [.nan], scale: .density)
        #expect(linear.lowerBound == 0 && linear.upperBound == 1 && linear.level(of: .nan) == 0)
        var plot = DensityPlot(title: "log", values: values, gridSize: 2, xRange: 0...1, yRange: 0...1)
        plot.colorScale = .logDensity()
        _ = try plot.render()
    }

    @Test func pointsAreDrawnOverTheHeatMapAndClippedToIt() throws {
        var plot = Self.bumpPlot()
        let plain = try plot.render()
        plot.points = [DataPoint(x: -3, y: -3), DataPoint(x: 100, y: 0), DataPoint(x: .nan, y: 1)]
        plot.markerStyle = MarkerStyle(color: .white, radius: 2)
        let dotted = try plot.render()
        let area = plot.heatMapArea()
        let changed = RGBAImageTests.changedPixels(plain, dotted)
        #expect(!changed.isEmpty)
        #expect(changed.allSatisfy { area.contains(column: $0.x, row: $0.y) })
        let centerX = area.x + Int(Double(area.width) / 8)  // x = -3 is 1/8 of the way across
        let centerY = area.maxY - Int(Double(area.height) / 8)
        #expect(dotted[centerX, centerY] == .white)
    }

    @Test func invalidInputThrowsTypedErrors() {
        #expect(throws: PlotError.gridSizeMismatch(expected: 9, actual: 4)) {
            try DensityPlot(title: "", values: [1, 2, 3, 4], gridSize: 3, xRange: 0...1, yRange: 0...1).render()
        }
        #expect(throws: PlotError.invalidRange(axis: "y", lowerBound: 1, upperBound: 1)) {
            try DensityPlot(title: "", values: [1, 2, 3, 4], gridSize: 2, xRange: 0...1, yRange: 1...1).render()
        }
        #expect(throws: PlotError.self) {
            try DensityPlot(title: "", values: [1], gridSize: 1, xRange: 0...1, yRange: 0...1).render()
        }
    }

    /// The workload of one figure panel in the experiments; Swift Testing reports its duration.
    @Test func rendersAFullPanelWithTenThousandPointsAndEncodesIt() throws {
        var generator = SplitMix64(seed: 7)
        let mixture = GaussianMixture.ring
        var plot = DensityPlot(title: "LGF-MAF  test LL -1.47", values: mixture.grid(size: 300, range: -4...4),
                               xRange: -4...4, yRange: -4...4)
        plot.points = mixture.samples(count: 10_000, using: &generator)
        let image = try plot.render()
        #expect(image.width > 300 && image.height > 300)
        let png = try PNGEncoder().encode(image)
        #expect(png.count > 1000)
    }
}
