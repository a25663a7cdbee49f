import CZlib
import Testing
@testable import Plots

struct PNGEncoderTests {
    /// A small image with every channel, alpha included, varying pseudo-randomly.
    static func noiseImage(width: Int = 13, height: Int = 7, seed: UInt64 = 42) -> RGBAImage {
        var generator = SplitMix64(seed: seed)
        let pixels = (0..<width * height * 4).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return try! RGBAImage(width: width, height: height, pixels: pixels)
    }

    static let allOptions: [(PNGFilterStrategy, PNGColorType)] =
        PNGFilterStrategy.allCases.flatMap { filter in PNGColorType.allCases.map { (filter, $0) } }

    @Test func startsWithSignatureAndHeaderFields() throws {
        for colorType in PNGColorType.allCases {
            let bytes = try PNGEncoder(colorType: colorType).encode(Self.noiseImage())
            #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // The IHDR chunk follows at once: length 13, then its type.
            #expect(Array(bytes[8..<16]) == [0, 0, 0, 13] + Array("IHDR".utf8))
            let png = try PNGTestDecoder.decode(bytes)
            #expect(png.width == 13 && png.height == 7)
            #expect(png.bitDepth == 8)
            #expect(png.colorType == (colorType == .rgba ? 6 : 2))
            #expect(png.compressionMethod == 0 && png.filterMethod == 0 && png.interlaceMethod == 0)
            #expect(png.chunks.map(\.type).first == "IHDR")
            #expect(png.chunks.last?.type == "IEND" && png.chunks.last?.data.isEmpty == true)
        }
    }

    @Test(arguments: allOptions)
    func everyChunkCRCMatchesZlib(filter: PNGFilterStrategy, colorType: PNGColorType) throws {
        let encoder = PNGEncoder(colorType: colorType, filterStrategy: filter, maximumChunkLength: 100)
        let png = try PNGTestDecoder.decode(encoder.encode(Self.noiseImage()))
        #expect(png.chunks.count >= 4)
        for chunk in png.chunks {
            #expect(chunk.storedCRC == chunk.computedCRC, "CRC of \(chunk.type)")
        }
    }

    @Test(arguments: allOptions)
    func inflatingAndUnfilteringRestoresThePixels(filter: PNGFilterStrategy, colorType: PNGColorType) throws {
        let image = Self.noiseImage()
        let png = try PNGTestDecoder.decode(
            PNGEncoder(colorType: colorType, filterStrategy: filter).encode(image))
        #expect(png.inflated.count == image.height * (1 + image.width * colorType.channelCount))
        let expected = colorType == .rgba
            ? image.pixels
            : stride(from: 0, to: image.pixels.count, by: 4).flatMap { image.pixels[$0..<$0 + 3] }
        #expect(png.pixels == expected)
        switch filter {
        case .none: #expect(png.rowFilters.allSatisfy { $0 == 0 })
        case .sub: #expect(png.rowFilters.allSatisfy { $0 == 1 })
        case .up: #expect(png.rowFilters.allSatisfy { $0 == 2 })
        case .adaptive: #expect(png.rowFilters.allSatisfy { $0 <= 2 })
        }
    }

    @Test func adaptiveFilteringChoosesUpForAVerticallyConstantImage() throws {
        // Every row equals the one above, so Up gives all-zero rows after the first.
        var image = RGBAImage(width: 16, height: 6)
        for x in 0..<16 {
            image.fillRectangle(x: x, y: 0, width: 1, height: 6,
                                color: RGBAColor(red: UInt8(x * 15), green: UInt8(255 - x * 9), blue: 7))
        }
        let png = try PNGTestDecoder.decode(PNGEncoder().encode(image))
        #expect(png.rowFilters.dropFirst().allSatisfy { $0 == 2 })
        #expect(png.pixels == image.pixels)
    }

    @Test func splitsTheStreamAcrossSeveralIDATChunks() throws {
        let image = Self.noiseImage(width: 40, height: 30)
        let bytes = try PNGEncoder(maximumChunkLength: 500).encode(image)
        let png = try PNGTestDecoder.decode(bytes)
        let dataChunks = png.chunks.filter { $0.type == "IDAT" }
        #expect(dataChunks.count > 1)
        #expect(dataChunks.allSatisfy { $0.data.count <= 500 })
        #expect(dataChunks.dropLast().allSatisfy { $0.data.count == 500 })
        #expect(png.pixels == image.pixels)
    }

    @Test func reportsTheZlibCodeForAnInvalidCompressionLevel() {
        #expect(throws: PlotError.compressionFailed(zlibCode: Z_STREAM_ERROR)) {
            try PNGEncoder(compressionLevel: 42).encode(Self.noiseImage())
        }
    }

    @Test func rejectsEmptyImagesAndChunkLengths() {
        #expect(throws: PlotError.emptyImage(width: 0, height: 3)) {
            try PNGEncoder().encode(RGBAImage(width: 0, height: 3))
        }
        #expect(throws: PlotError.self) {
            try PNGEncoder(maximumChunkLength: 0).encode(Self.noiseImage())
        }
        let message = PlotError.compressionFailed(zlibCode: -2).description
        #expect(message.contains("-2"))
    }
}
