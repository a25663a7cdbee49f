import Foundation
import Testing
@testable import Datasets

/// PNG decoding against files written by another encoder (Tests/Fixtures/PNG/make_fixtures.py, zlib + struct) and by
/// third parties, every colour type and filter type, and broken files that must fail naming the file and the offset.
struct PNGDecoderTests {
    /// Tests/Fixtures/PNG beside this file's folder.
    static let fixtures = Fixtures.path("PNG")

    /// The fixtures' pixel formula: channel c at (x, y).
    static func value(_ c: Int, _ y: Int, _ x: Int) -> UInt8 { UInt8((71 * c + 31 * y + 17 * x + 5 * x * y) % 256) }

    static func planar(channels: Int, height: Int, width: Int, _ pixel: (Int, Int, Int) -> UInt8) -> [UInt8] {
        (0..<channels).flatMap { c in (0..<height).flatMap { y in (0..<width).map { x in pixel(c, y, x) } } }
    }

    @Test(arguments: [("gray.png", 1, 7), ("gray-alpha.png", 2, 6), ("rgb.png", 3, 5), ("rgba.png", 4, 4), ("rgb-split.png", 3, 5)])
    func everyColourTypeAndFilterType(file: String, channels: Int, width: Int) throws {
        let image = try PNGDecoder.read(path: Self.fixtures + "/" + file)
        #expect(image.count == 1 && image.imageShape == [channels, 5, width])
        #expect(image.pixels == Self.planar(channels: channels, height: 5, width: width, Self.value))
    }

    @Test func paletteImagesBecomeTheirPalettesRGB() throws {
        let image = try PNGDecoder.read(path: Self.fixtures + "/palette.png")
        #expect(image.imageShape == [3, 5, 6])
        let expected = Self.planar(channels: 3, height: 5, width: 6) { c, y, x in
            let i = (x + 2 * y) % 7
            return UInt8([40 * i, 255 - 30 * i, 5 * i * i][c] % 256)
        }
        #expect(image.pixels == expected)
    }

    @Test(arguments: [("git-logo", [3, 27, 72]), ("sphinx-file", [4, 16, 16])])
    func thirdPartyFilesMatchTheReferenceDecoder(name: String, shape: [Int]) throws {
        let image = try PNGDecoder.read(path: Self.fixtures + "/\(name).png")
        #expect(image.imageShape == shape)
        let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/\(name).chw")))
        #expect(image.pixels == expected)
        #expect(Set(image.pixels).count > 4, "a real picture, not a blank")
    }

    @Test(arguments: [
        ("broken-16-bit.png", ["bit depth 16", "byte offset 8", "8-bit"]),
        ("broken-interlaced.png", ["Adam7-interlaced", "byte offset 8"]),
        ("broken-crc.png", ["CRC mismatch in chunk IDAT at byte offset 33"]),
        ("broken-truncated.png", ["chunk IDAT at byte offset 33", "file ends at byte offset 60", "truncated"]),
    ])
    func brokenFilesNameTheFileAndTheOffset(file: String, fragments: [String]) {
        let path = Self.fixtures + "/" + file
        #expect {
            try PNGDecoder.read(path: path)
        } throws: { error in
            let message = "\(error)"
            return message.contains(path) && fragments.allSatisfy { message.contains($0) }
        }
    }

    @Test func notAPNGAndMissingEndAreRefused() throws {
        func message(_ bytes: [UInt8]) -> String {
            do { _ = try PNGDecoder.decode(bytes, path: "x.png"); return "" } catch { return "\(error)" }
        }
        #expect(message(Array("GIF89a....".utf8)).contains("PNG signature"))
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/gray.png")))
        #expect(message(Array(good.dropLast(12))).contains("before its IEND"))
        // A filter type beyond 4 (checked on the unfilter step directly: a file would need a new deflate stream and CRC).
        #expect {
            try PNGDecoder.unfilter([5, 1, 2], width: 2, height: 1, bytesPerPixel: 1) { DatasetError.malformedImageFile(path: "p", format: "PNG", reason: $0) }
        } throws: { "\($0)".contains("filter type 5") }
    }

    @Test func unfilteringMatchesTheDefinitionOnEveryFilterType() throws {
        // One 2-pixel-wide, 2-byte-per-pixel row above a row of each filter type; expected values by the §9 definitions.
        let above: [UInt8] = [10, 200, 30, 250]
        let encoded: [UInt8] = [7, 100, 8, 9]
        for filter in 0...4 {
            let data = [0] + above + [UInt8(filter)] + encoded
            let raw = try PNGDecoder.unfilter(data, width: 2, height: 2, bytesPerPixel: 2) { DatasetError.malformedImageFile(path: "p", format: "PNG", reason: $0) }
            var row = [UInt8](repeating: 0, count: 4)
            for i in 0..<4 {
                let a = i >= 2 ? Int(row[i - 2]) : 0, b = Int(above[i]), c = i >= 2 ? Int(above[i - 2]) : 0
                let p = a + b - c
                let paeth = abs(p - a) <= abs(p - b) && abs(p - a) <= abs(p - c) ? a : (abs(p - b) <= abs(p - c) ? b : c)
                let prediction = [0, a, b, (a + b) / 2, paeth][filter]
                row[i] = UInt8((Int(encoded[i]) + prediction) % 256)
            }
            #expect(Array(raw[4...]) == row, "filter \(filter)")
            #expect(Array(raw[..<4]) == above)
        }
    }
}
