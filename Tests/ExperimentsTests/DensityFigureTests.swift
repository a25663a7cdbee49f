import Foundation
import Testing
import Datasets
import Plots
@testable import Figures

/// The width and height in a PNG file's IHDR chunk, after checking the signature and that the chunks run
/// from IHDR to IEND with consistent lengths.
func pngDimensions(of bytes: [UInt8]) -> (width: Int, height: Int)? {
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count > 33, Array(bytes[0..<8]) == signature else { return nil }
    func integer(at offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    var offset = 8, types: [String] = []
    while offset + 12 <= bytes.count {
        let length = integer(at: offset)
        types.append(String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self))
        offset += 12 + length
    }
    guard offset == bytes.count, types.first == "IHDR", types.last == "IEND", types.contains("IDAT") else { return nil }
    return (integer(at: 16), integer(at: 20))
}

/// A fresh empty directory under the system's temporary directory.
func makeScratchDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("figures-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// Density figures: panel layout, overlay subsampling and the PNG written.
struct DensityFigureTests {
    static let box = try! DensityGrid.Box(xRange: -2...2, yRange: -1...1)

    /// A 20 × 20 grid of a Gaussian bump, cheap enough for any test.
    static func bump() throws -> DensityGrid {
        var values: [Double] = []
        for row in 0..<20 {
            for column in 0..<20 {
                let x = -2 + Double(column) * 4 / 19, y = -1 + Double(row) * 2 / 19
                values.append(-(x * x + 4 * y * y))
            }
        }
        return try DensityGrid(logDensities: values, gridSize: 20, box: box)
    }

    @Test func writesADecodablePNGWhoseWidthGrowsByOnePanelAndGapPerPanel() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let grid = try Self.bump()
        var widths: [Int] = [], heights: [Int] = []
        for count in 1...3 {
            let figure = DensityFigure(panels: (0..<count).map { .density(grid, title: "panel \($0)") },
                                       overlayPoints: [DataPoint(x: 0, y: 0), DataPoint(x: 1, y: 0.5)])
            let path = directory.appendingPathComponent("figure\(count).png").path
            try figure.write(to: path)
            let dimensions = try #require(pngDimensions(of: Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
            let image = try figure.render()
            #expect(dimensions.width == image.width && dimensions.height == image.height)
            widths.append(dimensions.width)
            heights.append(dimensions.height)
        }
        // At 2 pixels per point the figure's padding is 16 pixels a side and the gap between panels 24.
        let panelWidth = widths[0] - 32
        #expect(widths[1] == 32 + 2 * panelWidth + 24 && widths[2] == 32 + 3 * panelWidth + 2 * 24)
        #expect(Set(heights).count == 1)
        #expect(panelWidth > 480 && heights[0] > 480)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
    }

    @Test func scatterPanelIsPaddedToTheDensityPanelsHeight() throws {
        let grid = try Self.bump()
        let points = [DataPoint(x: -1.5, y: 0), DataPoint(x: 1.5, y: 0)]
        let densities = try DensityFigure(panels: [.density(grid, title: "a"), .density(grid, title: "b")], overlayPoints: points).render()
        let mixed = try DensityFigure(panels: [.scatter(over: Self.box, title: "data"), .density(grid, title: "b")],
                                      overlayPoints: points).render()
        #expect(mixed.height == densities.height)
        #expect(mixed.width < densities.width)  // no colour bar beside the scatter
    }

    @Test func figureTitleAddsHeightAndNoPanelsThrows() throws {
        let grid = try Self.bump()
        let plain = try DensityFigure(panels: [.density(grid, title: "")]).render()
        let titled = try DensityFigure(title: "2uniforms", panels: [.density(grid, title: "")]).render()
        #expect(titled.height > plain.height + 30 && titled.height < plain.height + 60)
        #expect(throws: PlotError.noPanels) { try DensityFigure(panels: []).render() }
    }

    @Test func overlayIsAnEvenlyStridedSubsample() throws {
        let data = DataTable(rows: (0..<10).map { [Double($0), -Double($0)] })
        let points = try DensityFigure.overlayPoints(from: data, count: 4)
        #expect(points.map(\.x) == [0, 2, 5, 7] && points.map(\.y) == [0, -2, -5, -7])
        #expect(try DensityFigure.overlayPoints(from: data, count: 50).count == 10)
        #expect(try DensityFigure.overlayPoints(from: data, count: 0).isEmpty)
        #expect(throws: FigureError.dimensionMismatch(expected: 2, actual: 1)) {
            try DensityFigure.overlayPoints(from: DataTable(rows: [[1]]))
        }
    }

    @Test func colourCeilingCutsASingleEstimatorOutlierWhenAsked() throws {
        var values = [Double](repeating: log(0.25), count: 400)
        values[17] = log(2.0)
        values[18] = .nan
        let grid = try DensityGrid(logDensities: values, gridSize: 20, box: Self.box)
        var figure = DensityFigure(panels: [.density(grid, title: "")])
        #expect(try figure.cappedDensities(of: grid)[17] == exp(log(2.0)))
        figure.colorCeilingQuantile = 0.995
        let capped = try figure.cappedDensities(of: grid)
        #expect(abs(capped[17] - 0.25) < 1e-12 && capped[18].isNaN && abs(capped[0] - 0.25) < 1e-12)
        figure.colorCeilingQuantile = 1.5
        #expect(throws: FigureError.self) { try figure.render() }
    }

    /// Panels share one scale: a narrow-span panel goes logarithmic when a wide-span one beside it needs it.
    @Test func panelsShareTheColourScale() throws {
        let narrow = try DensityGrid(logDensities: (0..<400).map { -Double($0 % 20) / 10 }, gridSize: 20, box: Self.box)
        #expect(DensityFigure(panels: [.density(narrow, title: "")]).sharedColorScale() == .density)
        let wide = try Self.bump()  // spans e^-8 in its corners
        let both = DensityFigure(panels: [.density(narrow, title: ""), .density(wide, title: "")])
        #expect(both.sharedColorScale() == .logDensity(decades: 3))
    }
}
