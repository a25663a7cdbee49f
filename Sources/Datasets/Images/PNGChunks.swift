import CZlib

/// The chunk layer of a PNG file (PNG specification, 2nd edition, §5): the 8-byte signature, then chunks of a 4-byte
/// big-endian length, a 4-letter type, the data and a CRC-32 of type and data. Every CRC is checked; errors name the
/// file and the byte offset where the damage is.
struct PNGChunks {
    /// A chunk's type, where it starts in the file and its data.
    struct Chunk {
        let type: String
        let offset: Int
        let data: ArraySlice<UInt8>
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The chunks up to and including IEND, in file order.
    let chunks: [Chunk]

    /// - Throws: `DatasetError.malformedImageFile` for a missing signature, a chunk that runs past the end of the file,
    ///   a CRC mismatch or a file without IEND.
    init(_ bytes: [UInt8], path: String) throws {
        func fail(_ reason: String) -> DatasetError { DatasetError.malformedImageFile(path: path, format: "PNG", reason: reason) }
        guard bytes.count >= 8, Array(bytes[0..<8]) == Self.signature else {
            throw fail("the file does not start with the PNG signature 89 50 4E 47 0D 0A 1A 0A (byte offset 0)")
        }
        var chunks: [Chunk] = []
        var offset = 8
        while true {
            guard offset + 8 <= bytes.count else {
                throw fail("the file ends at byte offset \(bytes.count) before its IEND chunk (truncated?)")
            }
            let length = Int(Self.bigEndian32(bytes, at: offset))
            let typeBytes = bytes[(offset + 4)..<(offset + 8)]
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard typeBytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else {
                throw fail("byte offset \(offset + 4) should hold a chunk type of four letters, found bytes \(typeBytes.map { String($0, radix: 16) })")
            }
            guard length <= bytes.count - offset - 12 else {
                throw fail("chunk \(type) at byte offset \(offset) declares \(length) data bytes, but the file ends at byte offset "
                           + "\(bytes.count) (truncated?)")
            }
            let dataStart = offset + 8, dataEnd = dataStart + length
            let stored = Self.bigEndian32(bytes, at: dataEnd)
            let computed = bytes.withUnsafeBufferPointer { buffer in
                UInt32(crc32(0, buffer.baseAddress! + offset + 4, uInt(length + 4)))
            }
            guard stored == computed else {
                throw fail("CRC mismatch in chunk \(type) at byte offset \(offset): stored \(Self.hex(stored)), computed \(Self.hex(computed)) (damaged file?)")
            }
            chunks.append(Chunk(type: type, offset: offset, data: bytes[dataStart..<dataEnd]))
            offset = dataEnd + 4
            if type == "IEND" { break }
        }
        self.chunks = chunks
    }

    static func bigEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
