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
        let axes = try chart.makeAxes()
        #expect(axes.xRange == 1...5)
        // Data span -3.1 … -1.47 at a step of 0.2, rounded outward to whole ticks.
        #expect(abs(axes.yRange.lowerBound - -3.2) < 1e-9 && abs(axes.yRange.upperBound - -1.4) < 1e-9)
        let image = try chart.render()
        #expect(image.width == 640 && image.height == 400)
        #expect(Self.pixelsOfColor(Self.blue, in: image, columns: 0..<640) > 100)
    }

    @Test func nanPointsBreakTheLine() throws {
        var chart = LineChart(title: "", series: [
            LineSeries(name: "", points: [1, 2, 3, 4, 5].map { DataPoint(x: $0, y: $0 == 3 ? .nan : 1) },
                       color: Self.blue),
        ])
        chart.yRange = 0...2
        chart.showsGrid = false
        let axes = try chart.makeAxes()
        let image = try chart.render()
        let x2 = Int(axes.pixelX(2)), x3 = Int(axes.pixelX(3)), x4 = Int(axes.pixelX(4))
        #expect(Self.pixelsOfColor(Self.blue, in: image, columns: (x2 + 3)..<(x4 - 3)) == 0)
        #expect(Self.pixelsOfColor(Self.blue, in: image, columns: (axes.area.x + 3)..<(x2 - 3)) > 0)
        #expect(Self.pixelsOfColor(Self.blue, in: image, columns: (x4 + 3)..<(axes.area.maxX - 3)) > 0)
        #expect(x3 > x2)
    }

    @Test func isolatedPointsAndEmptySeriesStillRender() throws {
        let isolated = LineChart(title: "one point", series: [
            LineSeries(name: "run", points: [DataPoint(x: .nan, y: 0), DataPoint(x: 3, y: -1.47)], color: Self.blue),
        ])
        #expect(Self.pixelsOfColor(Self.blue, in: try isolated.render(), columns: 0..<640) > 4)
        let empty = LineChart(title: "nothing yet", series: [LineSeries(name: "run", yValues: [.nan, .infinity])])
        #expect(try empty.makeAxes().xRange == 0...1)
        _ = try empty.render()
    }

    @Test func legendAvoidsTheCrowdedCorner() {
        let legend = ChartLegend(entries: [("MAF", .black), ("LGF-MAF", Self.blue)], labelScale: 1)
        let area = PixelRect(x: 0, y: 0, width: 400, height: 300)
        let topRightCrowd = (0..<50).map { SIMD2(Double(390 - $0), Double(10 + $0 / 5)) }
        let box = legend.placement(in: area, avoiding: topRightCrowd)
        #expect(box.x < 200 && box.y < 150)  // top-left is the next preference
        #expect(legend.placement(in: area, avoiding: []).x > 200)
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
