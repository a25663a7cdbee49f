import CZlib
import Foundation
import FileSystem

/// Decodes PNG images (PNG specification, 2nd edition) of 8 bits per sample: grey (1 channel), grey + alpha (2),
/// RGB (3), RGBA (4) and palette (3, the palette's RGB; a tRNS chunk's transparency is ignored). Non-interlaced only,
/// with the five filter types of §9. Ancillary chunks are skipped; the image data are inflated with zlib.
///
/// Refused with an error naming the file and, where it applies, the byte offset: 16-bit and sub-byte samples,
/// Adam7 interlacing, unknown critical chunks, CRC mismatches, truncated files and damaged image data.
public enum PNGDecoder {
    /// The image in `bytes` as a stack of one image, `[1, channels, height, width]` (planar, like the other readers).
    /// - Parameters:
    ///   - path: names the file in errors.
    ///   - limit: the memory decoding may take, checked against the header's size before anything is allocated.
    /// - Throws: `DatasetError.malformedImageFile`; `.exceedsMemoryLimit`.
    public static func decode(_ bytes: [UInt8], path: String, limit: DecodingLimit = .standard) throws -> ImageStack {
        func fail(_ reason: String) -> DatasetError { DatasetError.malformedImageFile(path: path, format: "PNG", reason: reason) }
        let chunks = try PNGChunks(bytes, path: path).chunks
        guard let header = chunks.first, header.type == "IHDR", header.data.count == 13 else {
            throw fail("the first chunk (byte offset 8) must be a 13-byte IHDR, found \(chunks.first.map { "\($0.type) of \(MessageText.count($0.data.count, "byte"))" } ?? "none")")
        }
        let h = Array(header.data)
        let width = Int(PNGChunks.bigEndian32(h, at: 0)), height = Int(PNGChunks.bigEndian32(h, at: 4))
        let bitDepth = Int(h[8]), colourType = Int(h[9]), interlace = Int(h[12])
        let at = "(IHDR at byte offset \(header.offset))"
        guard width > 0, height > 0, width <= 1 << 16, height <= 1 << 16 else {
            throw fail("image size \(width) × \(height) \(at): both must be in 1…65536")
        }
        guard h[10] == 0, h[11] == 0 else { throw fail("unknown compression method \(h[10]) or filter method \(h[11]) \(at); PNG defines only 0") }
        guard interlace == 0 else {
            throw fail("the image is Adam7-interlaced \(at); only non-interlaced PNGs are read (re-save it without interlacing)")
        }
        let channelsByType = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4]
        guard let samplesPerPixel = channelsByType[colourType] else { throw fail("unknown colour type \(colourType) \(at)") }
        guard bitDepth == 8 else {
            throw fail("bit depth \(bitDepth) \(at): only 8-bit samples are read (convert the image to 8 bits per channel)")
        }
        var palette: [UInt8] = []
        var compressed: [UInt8] = []
        for chunk in chunks.dropFirst() {
            switch chunk.type {
            case "PLTE":
                guard chunk.data.count % 3 == 0, (3...768).contains(chunk.data.count) else {
                    throw fail("PLTE at byte offset \(chunk.offset) holds \(MessageText.count(chunk.data.count, "byte")); a palette is 1…256 RGB entries")
                }
                palette = Array(chunk.data)
            case "IDAT": compressed += chunk.data
            case "IEND": break
            case "IHDR": throw fail("a second IHDR chunk at byte offset \(chunk.offset)")
            default:
                // Bit 5 of the first letter set (lower case) marks an ancillary chunk, safe to skip (§5.4).
                guard let first = chunk.type.utf8.first, first & 0x20 != 0 else {
                    throw fail("unknown critical chunk \(chunk.type) at byte offset \(chunk.offset)")
                }
            }
        }
        guard !compressed.isEmpty else { throw fail("no IDAT chunk: the file holds no image data") }
        if colourType == 3 && palette.isEmpty { throw fail("a palette image (colour type 3) without a PLTE chunk") }
        let rowBytes = width * samplesPerPixel
        // The inflated rows, the unfiltered samples and the planar pixels (at most 3 × 2³² × 4 bytes: no overflow).
        let channels = colourType == 3 ? 3 : samplesPerPixel
        try limit.check(height * (rowBytes + 1) + height * rowBytes + channels * height * width,
                        for: "decoding its \(width) × \(height) image \(at)", of: path)
        let filtered = try inflate(compressed, expectedCount: height * (rowBytes + 1), fail: fail)
        let raw = try unfilter(filtered, width: width, height: height, bytesPerPixel: samplesPerPixel, fail: fail)
        var pixels = [UInt8](repeating: 0, count: channels * height * width)
        let plane = height * width
        if colourType == 3 {
            let entries = palette.count / 3
            for (index, value) in raw.enumerated() {
                guard Int(value) < entries else {
                    throw fail("pixel (\(index % width), \(index / width)) uses palette index \(value), but PLTE holds \(MessageText.count(entries, "entry", plural: "entries"))")
                }
                for c in 0..<3 { pixels[c * plane + index] = palette[3 * Int(value) + c] }
            }
        } else {
            for index in 0..<plane {
                for c in 0..<channels { pixels[c * plane + index] = raw[index * channels + c] }
            }
        }
        return ImageStack(count: 1, channels: channels, height: height, width: width, pixels: pixels)
    }

    /// Reads and decodes the PNG file at `path`. - Throws: `DatasetError` when it cannot be read or decoded.
    public static func read(path: String, limit: DecodingLimit = .standard) throws -> ImageStack {
        try decode([UInt8](DatasetFiles.read(path)), path: path, limit: limit)
    }

    /// The zlib stream of the IDAT chunks inflated: exactly `expectedCount` bytes (rows with their filter bytes).
    private static func inflate(_ compressed: [UInt8], expectedCount: Int, fail: (String) -> DatasetError) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw fail("zlib could not start (out of memory)")
        }
        defer { inflateEnd(&stream) }
        // zlib counts in 32 bits: one call cannot take or give more (an image this large is refused, not wrapped).
        guard compressed.count < Int(uInt.max), expectedCount < Int(uInt.max) else {
            throw fail("the image data (\(compressed.count) bytes inflating to \(expectedCount)) exceed the 4 GiB one image may take")
        }
        // One byte more than needed, so that image data longer than the image is noticed.
        var output = [UInt8](repeating: 0, count: expectedCount + 1)
        var input = compressed
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int32 in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        let produced = output.count - Int(stream.avail_out)
        guard status == Z_STREAM_END || status == Z_OK || status == Z_BUF_ERROR else {
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw fail("the image data cannot be inflated: \(reason)")
        }
        guard produced <= expectedCount else {
            throw fail("the image data inflate to more than the \(expectedCount) bytes (rows with their filter bytes) the image needs")
        }
        guard produced == expectedCount else {
            throw fail("the image data end after \(produced) of the \(expectedCount) bytes (rows with their filter bytes) the image needs "
                       + "(truncated or damaged IDAT?)")
        }
        // Every row is there, but the stream that carries them ends early: zlib ends one with its last deflate block and an
        // Adler-32 checksum of what it holds, without which the rows cannot be trusted.
        guard status == Z_STREAM_END else {
            throw fail("the image data hold all \(expectedCount) bytes (rows with their filter bytes) the image needs, but their zlib stream "
                       + "stops before its end (the end of its last block or its Adler-32 checksum is missing: truncated or damaged IDAT?)")
        }
        output.removeLast()
        return output
    }

    /// The rows with their filters undone (§9.2): each row starts with a filter byte 0 (none), 1 (sub), 2 (up),
    /// 3 (average) or 4 (Paeth), and predicts each byte from the byte `bytesPerPixel` to its left, the byte above and
    /// the one above-left.
    static func unfilter(_ data: [UInt8], width: Int, height: Int, bytesPerPixel: Int, fail: (String) -> DatasetError) throws -> [UInt8] {
        let rowBytes = width * bytesPerPixel
        var raw = [UInt8](repeating: 0, count: height * rowBytes)
        for y in 0..<height {
            let filter = data[y * (rowBytes + 1)]
            let source = y * (rowBytes + 1) + 1, row = y * rowBytes
            for i in 0..<rowBytes {
                let a = i >= bytesPerPixel ? Int(raw[row + i - bytesPerPixel]) : 0
                let b = y > 0 ? Int(raw[row - rowBytes + i]) : 0
                let c = y > 0 && i >= bytesPerPixel ? Int(raw[row - rowBytes + i - bytesPerPixel]) : 0
                let prediction: Int
                switch filter {
                case 0: prediction = 0
                case 1: prediction = a
                case 2: prediction = b
                case 3: prediction = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    prediction = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw fail("row \(y) has filter type \(filter); PNG defines 0…4")
                }
                raw[row + i] = UInt8(truncatingIfNeeded: Int(data[source + i]) + prediction)
            }
        }
        return raw
    }
}
