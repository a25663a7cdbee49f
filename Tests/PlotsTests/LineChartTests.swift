import Testing
@testable import Plots

struct LineChartTests {
    static let blue = RGBAColor(hex: 0x1F77B4)

    static func pixelsOfColor(_ color: RGBAColor, in image: RGBAImage, columns: Range<Int>) -> Int {
        columns.reduce(0) { total, x in total + (0..<image.height).filter { image[x, $0] == color }.count }
    }

    @Test func fitsNiceRangesAroundTheData() throws {
        let chart = LineChart(title: "Validation", series: [
            LineSeries(name: "MAF", yValues: [-3.1, -2.2, -1.9, -1.71, -1.62]),
            LineSeries(name: "LGF-MAF", yValues: [-2.9, -1.8, -1.6, -1.5, -1.47]),
        ])
        let axes = try chart.makeLayout().axes
        #expect(axes.xRange == 1...5)
        // Data span -3.1 … -1.47 at a step of 0.2, rounded outward to whole ticks.
        #expect(abs(axes.yRange.lowerBound - -3.2) < 1e-9 && abs(axes.yRange.upperBound - -1.4) < 1e-9)
        let image = try chart.render()
        #expect(image.width == 880 && image.height == 600)  // 440 × 300 points at 2 pixels per point
        #expect(Self.pixelsOfColor(Self.blue, in: image, columns: 0..<880) > 100)
    }

    @Test func nanPointsBreakTheLine() throws {
        var chart = LineChart(title: "", series: [
            LineSeries(name: "", points: [1, 2, 3, 4, 5].map { DataPoint(x: $0, y: $0 == 3 ? .nan : 1) },
                       color: Self.blue),
        ])
        chart.yRange = 0...2
        chart.showsGrid = false
        let axes = try chart.makeLayout().axes
        let image = try chart.render()
        func column(_ x: Double) -> Int { Int(axes.canvasX(x) * chart.scale) }
        let x2 = column(2), x3 = column(3), x4 = column(4)
        let area = try chart.plotAreaPixels()
        #expect(Self.pixelsOfColor(Self.blue, in: image, columns: (x2 + 4)..<(x4 - 4)) == 0)
        #expect(Self.pixelsOfColor(Self.blue, in: image, columns: (area.x + 4)..<(x2 - 4)) > 0)
        #expect(Self.pixelsOfColor(Self.blue, in: image, columns: (x4 + 4)..<(area.maxX - 4)) > 0)
        #expect(x3 > x2)
    }

    @Test func isolatedPointsAndEmptySeriesStillRender() throws {
        let isolated = LineChart(title: "one point", series: [
            LineSeries(name: "run", points: [DataPoint(x: .nan, y: 0), DataPoint(x: 3, y: -1.47)], color: Self.blue),
        ])
        #expect(Self.pixelsOfColor(Self.blue, in: try isolated.render(), columns: 0..<880) > 4)
        let empty = LineChart(title: "nothing yet", series: [LineSeries(name: "run", yValues: [.nan, .infinity])])
        #expect(try empty.makeLayout().axes.xRange == 0...1)
        _ = try empty.render()
    }

    @Test func legendAvoidsTheCrowdedCorner() throws {
        let legend = ChartLegend(entries: [("MAF", .line(color: .black, width: 1.5, dash: [])),
                                           ("LGF-MAF", .line(color: Self.blue, width: 1.5, dash: []))])
        let area = PlotRect(x: 0, y: 0, width: 400, height: 300)
        let measure = try Canvas.measuring()
        let topRightCrowd = (0..<50).map { SIMD2(Double(390 - $0), Double(10 + $0 / 5)) }
        let box = legend.placement(in: area, avoiding: topRightCrowd, measuring: measure)
        #expect(box.x < 200 && box.y < 150)  // top-left is the next preference
        #expect(legend.placement(in: area, avoiding: [], measuring: measure).x > 200)
    }

    @Test func axisLabelsAreDrawnBesideTheAxes() throws {
        var chart = LineChart(title: "", series: [LineSeries(name: "", yValues: [1, 2, 3], color: Self.blue)])
        let bare = try chart.render()
        chart.xLabel = "epoch"
        chart.yLabel = "nats per point"
        let labelled = try chart.render()
        let area = try chart.plotAreaPixels()
        // The y label, reading upwards, fills a column strip left of the tick labels.
        #expect(RGBAImageTests.darkPixels(in: labelled, x: 0..<30, y: area.y..<area.maxY) > 100)
        #expect(RGBAImageTests.darkPixels(in: bare, x: 0..<16, y: 0..<bare.height) == 0)  // only padding there
        #expect(RGBAImageTests.darkPixels(in: labelled, x: area.x..<area.maxX, y: (labelled.height - 30)..<labelled.height) > 50)
    }

    @Test func invalidSettingsThrowTypedErrors() {
        var chart = LineChart(title: "t", series: [LineSeries(name: "a", yValues: [1, 2])])
        chart.yRange = 1...1
        #expect(throws: PlotError.invalidRange(axis: "y", lowerBound: 1, upperBound: 1)) { try chart.render() }
        chart.yRange = nil
        chart.xRange = -Double.infinity...0
        #expect(throws: PlotError.invalidRange(axis: "x", lowerBound: -.infinity, upperBound: 0)) { try chart.render() }
        chart.xRange = nil
        chart.yRange = nil
        chart.width = 20
        #expect(throws: PlotError.self) { try chart.render() }
        chart.width = 640
        chart.series[0].lineWidth = .nan
        #expect(throws: PlotError.self) { try chart.render() }
    }
}
