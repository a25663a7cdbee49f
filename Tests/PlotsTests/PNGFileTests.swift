import Foundation
import Testing
@testable import Plots
import SeededRandom

/// PNG encoding by Cairo, checked with an independent decoder.
struct PNGFileTests {
    /// Random pixels; opaque unless `opaque` is false.
    static func noiseImage(width: Int = 13, height: Int = 7, seed: UInt64 = 42, opaque: Bool = true) -> RGBAImage {
        var generator = SplitMix64(seed: seed)
        var pixels = (0..<width * height * 4).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if opaque { for index in stride(from: 3, to: pixels.count, by: 4) { pixels[index] = 255 } }
        return try! RGBAImage(width: width, height: height, pixels: pixels)
    }

    @Test func opaqueImagesRoundTripExactly() throws {
        let image = Self.noiseImage()
        let png = try PNGTestDecoder.decode(try PNGFile.encode(image))
        #expect(png.width == 13 && png.height == 7 && png.bitDepth == 8)
        #expect(png.chunks.allSatisfy { $0.storedCRC == $0.computedCRC })
        #expect(png.chunks.first?.type == "IHDR" && png.chunks.last?.type == "IEND")
        let rgba = png.channels == 4 ? png.pixels : stride(from: 0, to: png.pixels.count, by: 3).flatMap {
            Array(png.pixels[$0..<$0 + 3]) + [255]
        }
        #expect(rgba == image.pixels)
    }

    /// Cairo stores premultiplied alpha, so a translucent colour comes back within rounding of itself.
    @Test func translucentPixelsKeepTheirAlphaAndRoughlyTheirColour() throws {
        let image = Self.noiseImage(opaque: false)
        let png = try PNGTestDecoder.decode(try PNGFile.encode(image))
        #expect(png.channels == 4)
        for offset in stride(from: 0, to: image.pixels.count, by: 4) {
            let alpha = Int(image.pixels[offset + 3])
            #expect(Int(png.pixels[offset + 3]) == alpha)
            guard alpha >= 32 else { continue }
            for channel in 0..<3 {
                #expect(abs(Int(png.pixels[offset + channel]) - Int(image.pixels[offset + channel])) <= 255 / alpha + 1)
            }
        }
    }

    @Test func emptyImagesAreRejected() {
        #expect(throws: PlotError.emptyImage(width: 0, height: 3)) { try PNGFile.encode(RGBAImage(width: 0, height: 3)) }
    }
}
