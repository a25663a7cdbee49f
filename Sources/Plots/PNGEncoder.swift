import CZlib

/// Encodes an ``RGBAImage`` as an 8-bit PNG: signature, IHDR, one or more IDAT chunks, IEND.
///
/// Scanlines are filtered per ``PNGFilterStrategy``, deflated in one zlib stream with `compress2`, and
/// the stream is split across IDAT chunks of at most ``maximumChunkLength`` bytes. Chunk CRCs are
/// zlib's `crc32` over the chunk type and data (PNG spec §5.3). Non-interlaced.
///
/// ```swift
/// try PNGEncoder().write(try plot.render(), to: "figures/density.png")
/// ```
/// W3C, *Portable Network Graphics (PNG) Specification (Third Edition)*, 2025.
public struct PNGEncoder: Sendable {
    /// The stored pixel layout; ``PNGColorType/rgba`` by default.
    public var colorType: PNGColorType
    /// How scanline filters are chosen; ``PNGFilterStrategy/adaptive`` by default.
    public var filterStrategy: PNGFilterStrategy
    /// zlib compression level, 0 (store) through 9 (smallest); other values make zlib fail.
    public var compressionLevel: Int
    /// The largest number of compressed bytes per IDAT chunk, 1 through 2³¹ − 1.
    public var maximumChunkLength: Int

    /// The eight bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// An encoder with the given options; the defaults suit plots (lossless RGBA, level 6, 256 KiB chunks).
    public init(
        colorType: PNGColorType = .rgba, filterStrategy: PNGFilterStrategy = .adaptive,
        compressionLevel: Int = 6, maximumChunkLength: Int = 1 << 18
    ) {
        self.colorType = colorType
        self.filterStrategy = filterStrategy
        self.compressionLevel = compressionLevel
        self.maximumChunkLength = maximumChunkLength
    }

    /// The complete PNG file for `image`.
    ///
    /// - Throws: ``PlotError/emptyImage(width:height:)`` for an image without pixels,
    ///   ``PlotError/invalidParameter(name:value:expected:)`` for a chunk length outside 1 … 2³¹ − 1, and
    ///   ``PlotError/compressionFailed(zlibCode:)`` when zlib rejects the level or runs out of memory.
    public func encode(_ image: RGBAImage) throws(PlotError) -> [UInt8] {
        guard image.width > 0, image.height > 0 else {
            throw .emptyImage(width: image.width, height: image.height)
        }
        guard (1...Int(Int32.max)).contains(maximumChunkLength) else {
            throw .invalidParameter(
                name: "maximumChunkLength", value: "\(maximumChunkLength)", expected: "1 ... \(Int32.max)")
        }
        let compressed = try Self.deflate(filteredScanlines(of: image), level: compressionLevel)
        var file = Self.signature
        Self.appendChunk("IHDR", data: header(for: image), to: &file)
        var start = 0
        repeat {
            let end = min(start + maximumChunkLength, compressed.count)
            Self.appendChunk("IDAT", data: compressed[start..<end], to: &file)
            start = end
        } while start < compressed.count
        Self.appendChunk("IEND", data: [], to: &file)
        return file
    }

    /// Encodes `image` and writes it to `path` atomically: a temporary file in the same directory is
    /// written and then renamed over `path`, so readers never see a half-written PNG.
    ///
    /// - Throws: The errors of ``encode(_:)``, and ``PlotError/cannotWriteFile(path:reason:)`` when the
    ///   directory is missing or not writable; no temporary file is left behind.
    public func write(_ image: RGBAImage, to path: String) throws(PlotError) {
        try AtomicFileWriter.write(encode(image), to: path)
    }

    // MARK: - Chunks

    /// IHDR: width, height, bit depth 8, colour type, deflate, filter method 0, no interlace.
    private func header(for image: RGBAImage) -> [UInt8] {
        Self.bigEndian(UInt32(image.width)) + Self.bigEndian(UInt32(image.height))
            + [8, colorType.code, 0, 0, 0]
    }

    /// Appends length, type, data and CRC-32 (over type and data) to `file`.
    static func appendChunk(_ type: String, data: some Collection<UInt8>, to file: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        let body = typeBytes + data
        file += bigEndian(UInt32(data.count))
        file += body
        let checksum = body.withUnsafeBufferPointer { buffer in
            crc32(0, buffer.baseAddress, UInt32(buffer.count))
        }
        file += bigEndian(UInt32(truncatingIfNeeded: checksum))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }

    // MARK: - Image data

    /// Every scanline as a filter-type byte followed by its filtered bytes (PNG spec §7.2).
    private func filteredScanlines(of image: RGBAImage) -> [UInt8] {
        let channels = colorType.channelCount
        let rowLength = image.width * channels
        let raw: [UInt8]
        switch colorType {
        case .rgba:
            raw = image.pixels
        case .rgb:
            var stripped = [UInt8]()
            stripped.reserveCapacity(image.width * image.height * 3)
            for offset in stride(from: 0, to: image.pixels.count, by: 4) {
                stripped += image.pixels[offset..<offset + 3]
            }
            raw = stripped
        }
        var output = [UInt8]()
        output.reserveCapacity(image.height * (rowLength + 1))
        var candidate = [UInt8](), best = [UInt8]()
        candidate.reserveCapacity(rowLength)
        best.reserveCapacity(rowLength)
        let candidates = filterStrategy.candidates
        for row in 0..<image.height {
            let current = raw[row * rowLength..<(row + 1) * rowLength]
            let previous = row == 0 ? raw[0..<0] : raw[(row - 1) * rowLength..<row * rowLength]
            var bestFilter = PNGRowFilter.none, bestCost = Int.max
            for filter in candidates {
                candidate.removeAll(keepingCapacity: true)
                filter.apply(to: current, previous: previous, bytesPerPixel: channels, into: &candidate)
                let cost = candidates.count == 1 ? 0 : PNGRowFilter.cost(of: candidate[...])
                if cost < bestCost {
                    (bestFilter, bestCost) = (filter, cost)
                    swap(&best, &candidate)
                }
            }
            output.append(bestFilter.rawValue)
            output += best
        }
        return output
    }

    /// One zlib stream (RFC 1950) of `bytes`, produced by `compress2` at `level`.
    static func deflate(_ bytes: [UInt8], level: Int) throws(PlotError) -> [UInt8] {
        var compressedLength = compressBound(UInt(bytes.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
        let status = compressed.withUnsafeMutableBufferPointer { destination in
            bytes.withUnsafeBufferPointer { source in
                compress2(destination.baseAddress, &compressedLength, source.baseAddress, UInt(source.count),
                          Int32(clamping: level))
            }
        }
        guard status == Z_OK else { throw .compressionFailed(zlibCode: status) }
        compressed.removeSubrange(Int(compressedLength)...)
        return compressed
    }
}
