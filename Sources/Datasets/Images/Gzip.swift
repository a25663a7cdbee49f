import Foundation

/// gzip input recognised by its content: the magic number 0x1f 0x8b (RFC 1952 §2.3.1), not the file name.
enum Gzip {
    /// Whether `bytes` start with the gzip magic number.
    static func isCompressed(_ bytes: Data) -> Bool {
        bytes.count >= 2 && bytes[bytes.startIndex] == 0x1f && bytes[bytes.startIndex + 1] == 0x8b
    }

    /// `bytes` decompressed by `GzipDecoder` when they are a gzip stream, else `bytes` unchanged.
    ///
    /// - Parameter path: names the file in errors.
    /// - Throws: `DatasetError.corruptCompressedFile` for a damaged or truncated stream; `.exceedsMemoryLimit`.
    static func decompressedIfNeeded(_ bytes: Data, path: String, limit: DecodingLimit = .standard) throws -> Data {
        isCompressed(bytes) ? try GzipDecoder.decompress(bytes, path: path, limit: limit) : bytes
    }
}
