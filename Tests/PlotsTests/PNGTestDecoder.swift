import CZlib

/// A deliberately small, independent PNG reader for the tests: it parses chunks, checks nothing
/// itself, inflates IDAT with zlib's `uncompress` and undoes the five filters of PNG §9.2 (libpng, under
/// Cairo, chooses among all of them).
struct DecodedPNG {
    struct Chunk {
        var type: String
        var data: [UInt8]
        var storedCRC: UInt32
        /// CRC-32 over type and data, recomputed with zlib.
        var computedCRC: UInt32
    }

    var chunks: [Chunk]
    var width: Int
    var height: Int
    var bitDepth: UInt8
    var colorType: UInt8
    var compressionMethod: UInt8
    var filterMethod: UInt8
    var interlaceMethod: UInt8
    /// The inflated IDAT stream: per row a filter byte then the filtered bytes.
    var inflated: [UInt8]
    /// The filter byte of each row.
    var rowFilters: [UInt8]
    /// Unfiltered pixel bytes, row-major, `channels` per pixel.
    var pixels: [UInt8]
    var channels: Int
}

struct PNGDecodingFailure: Error, CustomStringConvertible {
    var description: String
}

enum PNGTestDecoder {
    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    static func decode(_ file: [UInt8]) throws -> DecodedPNG {
        guard file.count >= 8, Array(file[0..<8]) == signature else {
            throw PNGDecodingFailure(description: "missing PNG signature")
        }
        var chunks: [DecodedPNG.Chunk] = []
        var offset = 8
        while offset < file.count {
            guard offset + 12 <= file.count else { throw PNGDecodingFailure(description: "truncated chunk") }
            let length = Int(readUInt32(file, at: offset))
            let typeBytes = Array(file[offset + 4..<offset + 8])
            let dataEnd = offset + 8 + length
            guard dataEnd + 4 <= file.count else { throw PNGDecodingFailure(description: "truncated chunk data") }
            let body = Array(file[offset + 4..<dataEnd])
            let computed = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
            chunks.append(DecodedPNG.Chunk(
                type: String(decoding: typeBytes, as: UTF8.self), data: Array(file[offset + 8..<dataEnd]),
                storedCRC: readUInt32(file, at: dataEnd), computedCRC: UInt32(truncatingIfNeeded: computed)))
            offset = dataEnd + 4
        }
        guard let header = chunks.first, header.type == "IHDR", header.data.count == 13 else {
            throw PNGDecodingFailure(description: "first chunk is not a 13-byte IHDR")
        }
        let width = Int(readUInt32(header.data, at: 0)), height = Int(readUInt32(header.data, at: 4))
        let colorType = header.data[9]
        let channels = colorType == 6 ? 4 : colorType == 2 ? 3 : 0
        guard channels > 0 else { throw PNGDecodingFailure(description: "unsupported colour type \(colorType)") }
        let stream = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        let expectedLength = height * (1 + width * channels)
        let inflated = try inflate(stream, expectedLength: expectedLength)
        let (rowFilters, pixels) = try unfilter(inflated, width: width, height: height, channels: channels)
        return DecodedPNG(
            chunks: chunks, width: width, height: height, bitDepth: header.data[8], colorType: colorType,
            compressionMethod: header.data[10], filterMethod: header.data[11], interlaceMethod: header.data[12],
            inflated: inflated, rowFilters: rowFilters, pixels: pixels, channels: channels)
    }

    /// Inflates with a buffer larger than expected, so that a stream of the wrong length is detected.
    static func inflate(_ stream: [UInt8], expectedLength: Int) throws -> [UInt8] {
        var length = UInt(expectedLength + 64)
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { destination in
            stream.withUnsafeBufferPointer { source in
                uncompress(destination.baseAddress, &length, source.baseAddress, UInt(source.count))
            }
        }
        guard status == Z_OK else { throw PNGDecodingFailure(description: "uncompress returned \(status)") }
        return Array(output[0..<Int(length)])
    }

    static func unfilter(_ data: [UInt8], width: Int, height: Int, channels: Int) throws
        -> (rowFilters: [UInt8], pixels: [UInt8])
    {
        let rowLength = width * channels
        guard data.count == height * (rowLength + 1) else {
            throw PNGDecodingFailure(description: "inflated \(data.count) bytes, expected \(height * (rowLength + 1))")
        }
        var pixels = [UInt8](repeating: 0, count: height * rowLength)
        var filters: [UInt8] = []
        for row in 0..<height {
            let filter = data[row * (rowLength + 1)]
            filters.append(filter)
            for index in 0..<rowLength {
                let x = data[row * (rowLength + 1) + 1 + index]
                let left = index >= channels ? pixels[row * rowLength + index - channels] : 0
                let above = row > 0 ? pixels[(row - 1) * rowLength + index] : 0
                switch filter {
                case 0: pixels[row * rowLength + index] = x
                case 1: pixels[row * rowLength + index] = x &+ left
                case 2: pixels[row * rowLength + index] = x &+ above
                case 3: pixels[row * rowLength + index] = x &+ UInt8((Int(left) + Int(above)) / 2)
                case 4:
                    let upperLeft = row > 0 && index >= channels ? pixels[(row - 1) * rowLength + index - channels] : 0
                    let estimate = Int(left) + Int(above) - Int(upperLeft)
                    let distances = [abs(estimate - Int(left)), abs(estimate - Int(above)), abs(estimate - Int(upperLeft))]
                    let predictor = distances[0] <= distances[1] && distances[0] <= distances[2] ? left
                        : distances[1] <= distances[2] ? above : upperLeft
                    pixels[row * rowLength + index] = x &+ predictor
                default: throw PNGDecodingFailure(description: "unexpected filter type \(filter)")
                }
            }
        }
        return (filters, pixels)
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
