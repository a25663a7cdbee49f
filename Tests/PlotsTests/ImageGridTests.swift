import Foundation
import Testing
@testable import Plots

struct ImageGridTests {
    /// `count` grey images of `size × size` whose pixels encode (image, y, x), so every tile is distinguishable.
    static func numbered(_ count: Int, size: Int) -> [UInt8] {
        (0..<count).flatMap { image in (0..<(size * size)).map { UInt8((image * 37 + $0 * 5) % 251) } }
    }

    @Test(arguments: [(1, 1), (2, 3), (3, 2), (4, 4)])
    func imageIGoesToTileIOverColumnsAndIModColumns(rows: Int, columns: Int) throws {
        let size = 3, gap = 2
        let grid = try ImageGrid(rows: rows, columns: columns, channels: 1, height: size, width: size, gap: gap, background: .white)
        let count = rows * columns - (rows * columns > 1 ? 1 : 0)   // one empty tile when there are several
        let pixels = Self.numbered(count, size: size)
        let image = try grid.render(pixels)
        #expect(image.width == columns * (size + gap) + gap && image.height == rows * (size + gap) + gap)
        for index in 0..<count {
            let (left, top) = (gap + (index % columns) * (size + gap), gap + (index / columns) * (size + gap))
            #expect(grid.origin(row: index / columns, column: index % columns) == (left, top))
            for y in 0..<size {
                for x in 0..<size {
                    let value = pixels[index * size * size + y * size + x]
                    #expect(image[left + x, top + y] == RGBAColor(red: value, green: value, blue: value))
                }
            }
        }
        // Gaps (the first rows and columns) and the empty tile are background.
        for x in 0..<image.width { #expect(image[x, 0] == .white && image[x, 1] == .white) }
        if count < rows * columns {
            let (left, top) = grid.origin(row: count / columns, column: count % columns)
            #expect(image[left, top] == .white && image[left + size - 1, top + size - 1] == .white)
        }
    }

    @Test func threeChannelsAreDrawnAsRGB() throws {
        let grid = try ImageGrid(rows: 1, columns: 2, channels: 3, height: 1, width: 2, gap: 1)
        // Two images of 3 × 1 × 2: planes R, G, B.
        let pixels: [UInt8] = [10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61]
        let image = try grid.render(pixels)
        #expect(image[1, 1] == RGBAColor(red: 10, green: 20, blue: 30))
        #expect(image[2, 1] == RGBAColor(red: 11, green: 21, blue: 31))
        #expect(image[4, 1] == RGBAColor(red: 40, green: 50, blue: 60))
        #expect(image[3, 1] == .white, "the gap between the two tiles")
    }

    @Test func badLayoutsAndTooManyImagesAreRefused() throws {
        #expect(throws: PlotError.self) { try ImageGrid(rows: 0, columns: 2, channels: 1, height: 2, width: 2) }
        #expect(throws: PlotError.self) { try ImageGrid(rows: 1, columns: 2, channels: 2, height: 2, width: 2) }
        let grid = try ImageGrid(rows: 1, columns: 2, channels: 1, height: 2, width: 2)
        #expect(throws: PlotError.self) { try grid.render([UInt8](repeating: 0, count: 12)) }
        #expect(throws: PlotError.self) { try grid.render([UInt8](repeating: 0, count: 5)) }
    }

    @Test func theWrittenPNGHasTheGridsSizeAndPixels() throws {
        try PNGFileWritingTests.withScratchDirectory { directory in
            let grid = try ImageGrid(rows: 2, columns: 3, channels: 1, height: 4, width: 4)
            let pixels = Self.numbered(6, size: 4)
            let path = directory.appendingPathComponent("grid.png").path
            try PNGFile.write(try grid.render(pixels), to: path)
            let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(Array(file[0..<8]) == PNGTestDecoder.signature)
            let decoded = try PNGTestDecoder.decode(file)
            #expect(decoded.width == 3 * 6 + 2 && decoded.height == 2 * 6 + 2)
            #expect(decoded.chunks.first?.type == "IHDR")
            // Image 4 sits at row 1, column 1; its pixel (x 2, y 3) in the decoded bytes.
            let (left, top) = grid.origin(row: 1, column: 1)
            let offset = ((top + 3) * decoded.width + left + 2) * decoded.channels
            #expect(decoded.pixels[offset] == pixels[4 * 16 + 3 * 4 + 2])
        }
    }
}
