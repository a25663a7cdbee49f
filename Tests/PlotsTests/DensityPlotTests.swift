import Foundation
import Testing
@testable import Plots
import SeededRandom

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
        plot.colorScale = .density
        return plot
    }

    @Test func theBrightestPixelSitsAtTheMaximumWithYPointingUp() throws {
        let plot = Self.bumpPlot()
        let image = try plot.render()
        let area = try plot.heatMapArea()
        var brightest = (x: 0, y: 0, luminance: -1.0)
        for y in area.y..<(area.y + area.height) {
            for x in area.x..<(area.x + area.width) where image[x, y].luminance > brightest.luminance {
                brightest = (x, y, image[x, y].luminance)
            }
        }
        let dataX = -4 + (Double(brightest.x - area.x) + 0.5) / Double(area.width) * 8
        let dataY = 4 - (Double(brightest.y - area.y) + 0.5) / Double(area.height) * 8
        #expect(abs(dataX - 1) < 0.15 && abs(dataY - 2) < 0.15, "brightest at (\(dataX), \(dataY))")
        #expect(brightest.luminance > ColorMap.viridis.color(at: 0.98).luminance)
        // The darkest colour is at the opposite corner from the bump, bottom left.
        // (Two pixels in from the corner: the frame's anti-aliased edge covers the outermost one.)
        #expect(image[area.x + 2, area.y + area.height - 3] == ColorMap.viridis.color(at: 0))
    }

    @Test func gridRowZeroIsDrawnAtTheBottom() throws {
        let size = 10
        let values = (0..<size * size).map { $0 < size ? 1.0 : 0.0 }
        var plot = DensityPlot(title: "", values: values, gridSize: size, xRange: 0...1, yRange: 0...1)
        plot.plotSize = 50
        plot.showsColorBar = false
        let image = try plot.render()
        let area = try plot.heatMapArea()
        // Bilinear interpolation: the bottom edge is within a few percent of the bottom grid row's colour.
        #expect(image[area.x + 20, area.y + area.height - 2].luminance > ColorMap.viridis.color(at: 0.8).luminance)
        #expect(image[area.x + 20, area.y + 2] == ColorMap.viridis.color(at: 0))
        #expect(image[area.x + 20, area.y + area.height / 2] == ColorMap.viridis.color(at: 0))
    }

    @Test func linearScaleStartsAtZeroAndLogScaleAThousandthBelowTheMaximum() throws {
        let values: [Double] = [0, 2e-6, 0.002, 2]
        let linear = ColorIndex(values: values + [.nan], scale: .density)
        #expect(linear.lowerBound == 0 && linear.upperBound == 2 && linear.position(of: .nan) == 0)
        #expect(linear.ticks.values == [0, 0.5, 1, 1.5, 2])
        let log = ColorIndex(values: values, scale: .logDensity(decades: 3))
        #expect(log.isLogarithmic && abs(log.lowerBound - 0.002) < 1e-15 && log.upperBound == 2)
        #expect(log.position(of: 0) == 0 && log.position(of: 2e-6) == 0 && log.position(of: 2) == 1)
        #expect(abs(log.position(of: 2 / pow(10, 1.5)) - 0.5) < 1e-12)
        #expect(log.ticks.labels == ["10⁻²", "10⁻¹", "10⁰"] && log.caption == "density (log scale)")
        // Automatic: a span beyond 100 × takes the log scale, a narrower one the linear.
        #expect(ColorIndex(values: values, scale: .automatic()).isLogarithmic)
        #expect(!ColorIndex(values: [0.05, 1], scale: .automatic()).isLogarithmic)
        #expect(DensityColorScale.automatic().resolved(for: [0.05, 1]) == .density)
        #expect(DensityColorScale.automatic(decades: 4).resolved(for: values) == .logDensity(decades: 4))
    }

    /// The colour bar's strip runs from the lowest colour at the bottom to the highest at the top, monotone in
    /// luminance, with dark tick labels beside it.
    @Test func colourBarIsMonotoneAndLabelled() throws {
        var plot = Self.bumpPlot()
        plot.colorScale = .logDensity()
        let image = try plot.render()
        let layout = try plot.layout(colorIndex: ColorIndex(values: plot.values, scale: plot.colorScale))
        let strip = layout.colorBarStrip.pixels(scale: plot.scale)
        let column = strip.x + strip.width / 2
        let luminances = (strip.y + 2..<strip.maxY - 2).map { image[column, $0].luminance }
        #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $0 >= $1 - 1e-3 }, "not monotone from top to bottom")
        #expect(luminances.first! > 0.7 && luminances.last! < 0.05)
        let labels = RGBAImageTests.darkPixels(in: image, x: strip.maxX + 8..<image.width, y: strip.y - 10..<strip.maxY + 10)
        #expect(labels > 300)
    }

    @Test func axisLabelsAndTitleAreDrawnAsDarkText() throws {
        var plot = Self.bumpPlot()
        plot.showsColorBar = false
        let labelled = try plot.render()
        plot.xLabel = ""
        plot.yLabel = ""
        plot.title = ""
        let bare = try plot.render()
        #expect(labelled.height > bare.height && labelled.width > bare.width)
        let area = try plot.heatMapArea()  // of the bare plot
        let labelledArea = try { var copy = Self.bumpPlot(); copy.showsColorBar = false; return try copy.heatMapArea() }()
        // Below the tick labels of the labelled plot: the x label.
        let xLabelBand = RGBAImageTests.darkPixels(in: labelled, x: labelledArea.x..<(labelledArea.x + labelledArea.width),
                                                   y: (labelledArea.y + labelledArea.height + 36)..<labelled.height)
        #expect(xLabelBand > 30)
        #expect(RGBAImageTests.darkPixels(in: bare, x: 0..<bare.width, y: (area.y + area.height + 36)..<bare.height) == 0)
        // The title, above the heat map.
        #expect(RGBAImageTests.darkPixels(in: labelled, x: 0..<labelled.width, y: 0..<labelledArea.y) > 100)
    }

    @Test func pointsAreDrawnOverTheHeatMapAndClippedToIt() throws {
        var plot = Self.bumpPlot()
        let plain = try plot.render()
        plot.points = [DataPoint(x: -3, y: -3), DataPoint(x: 100, y: 0), DataPoint(x: .nan, y: 1)]
        plot.markerStyle = MarkerStyle(color: .white, radius: 2)
        let dotted = try plot.render()
        let area = try plot.heatMapArea()
        let changed = RGBAImageTests.changedPixels(plain, dotted)
        #expect(!changed.isEmpty)
        #expect(changed.allSatisfy {
            $0.x >= area.x - 1 && $0.x <= area.x + area.width && $0.y >= area.y - 1 && $0.y <= area.y + area.height
        })
        let centerX = area.x + Int(Double(area.width) / 8)  // x = -3 is 1/8 of the way across
        let centerY = area.y + area.height - Int(Double(area.height) / 8)
        #expect(dotted[centerX, centerY] == .white)
    }

    @Test func aLegendNamesThePoints() throws {
        var plot = Self.bumpPlot()
        plot.points = [DataPoint(x: 1, y: 2)]
        let unlabelled = try plot.render()
        plot.pointsLabel = "training points"
        let labelled = try plot.render()
        let area = try plot.heatMapArea()
        // The legend goes into an empty corner of the heat map (top right here) on a dark box.
        let changed = RGBAImageTests.changedPixels(unlabelled, labelled)
        #expect(changed.count > 500)
        #expect(changed.allSatisfy { $0.x >= area.x && $0.x < area.x + area.width && $0.y >= area.y && $0.y < area.y + area.height / 2 })
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

    /// The workload of one figure panel in the experiments.
    @Test func rendersAFullPanelWithTenThousandPointsAndEncodesIt() throws {
        var generator = SplitMix64(seed: 7)
        let mixture = GaussianMixture.ring
        var plot = DensityPlot(title: "LGF-MAF   test LL −1.47", values: mixture.grid(size: 300, range: -4...4),
                               xRange: -4...4, yRange: -4...4)
        plot.points = mixture.samples(count: 10_000, using: &generator)
        let image = try plot.render()
        #expect(image.width > 480 && image.height > 480)
        let png = try PNGTestDecoder.decode(try PNGFile.encode(image))
        #expect(png.width == image.width && png.height == image.height)
    }
}
