import CZlib
import Foundation

/// gzip and zlib streams, decompressed with zlib's `inflate` (RFC 1952 and RFC 1950).
enum Gzip {
    /// Whether `bytes` start with the gzip magic number 0x1f 0x8b (RFC 1952 §2.3.1).
    static func isCompressed(_ bytes: Data) -> Bool {
        bytes.count >= 2 && bytes[bytes.startIndex] == 0x1f && bytes[bytes.startIndex + 1] == 0x8b
    }

    /// `bytes` inflated when they are a gzip stream (recognised by its magic number, not by a file name),
    /// else `bytes` unchanged.
    ///
    /// - Parameter path: names the file in errors.
    /// - Throws: `DatasetError.corruptCompression` for a damaged or truncated stream.
    static func decompressedIfNeeded(_ bytes: Data, path: String) throws -> Data {
        isCompressed(bytes) ? try inflate(bytes, path: path) : bytes
    }

    /// Inflates a whole gzip stream (concatenated members included, as `gzip -d` does).
    static func inflate(_ compressed: Data, path: String) throws -> Data {
        var output = Data()
        var stream = z_stream()
        // 15 + 32: the largest window, with zlib detecting gzip or zlib headers itself.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError.corruptCompression(path: path, reason: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        let chunkSize = 1 << 20
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try compressed.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let base = input.bindMemory(to: UInt8.self).baseAddress else { return }
            var offset = 0
            while offset < input.count {
                stream.next_in = UnsafeMutablePointer(mutating: base + offset)
                stream.avail_in = UInt32(min(input.count - offset, Int(UInt32.max)))
                let consumedBefore = stream.total_in
                var status = Z_OK
                repeat {
                    status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                        stream.next_out = buffer.baseAddress
                        stream.avail_out = UInt32(chunkSize)
                        return CZlib.inflate(&stream, Z_NO_FLUSH)
                    }
                    if status == Z_BUF_ERROR {
                        throw DatasetError.corruptCompression(path: path, reason: "the compressed stream ends early (truncated file)")
                    }
                    guard status == Z_OK || status == Z_STREAM_END else {
                        let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                        throw DatasetError.corruptCompression(path: path, reason: message)
                    }
                    output.append(chunk, count: chunkSize - Int(stream.avail_out))
                } while status == Z_OK && stream.avail_out == 0
                offset += Int(stream.total_in - consumedBefore)
                if status == Z_STREAM_END {
                    // Another gzip member may follow; anything else after the end is ignored, as gzip does
                    // with trailing zeros.
                    guard offset < input.count, isCompressed(Data(input[offset ..< min(offset + 2, input.count)])) else { return }
                    inflateReset(&stream)
                } else if stream.avail_in == 0 {
                    throw DatasetError.corruptCompression(path: path, reason: "the compressed stream ends early (truncated file)")
                }
            }
        }
        return output
    }
}
