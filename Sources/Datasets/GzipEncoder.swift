import Foundation
import CZlib

/// Compresses bytes into one gzip member (RFC 1952) with zlib's `deflate`, for `.csv.gz` and `.npy.gz`
/// output that `gunzip`, NumPy and pandas read.
enum GzipEncoder {
    /// `bytes` as a gzip file at zlib's default level; `path` names the file in errors.
    ///
    /// - Throws: `DatasetError.unwritable` when zlib cannot start or fails (out of memory).
    static func compress(_ bytes: Data, path: String) throws -> Data {
        var stream = z_stream()
        // 15 + 16: a 32 KiB window and a gzip header and trailer instead of zlib's.
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError.unwritable(path: path, reason: "zlib could not start compressing (out of memory)")
        }
        defer { deflateEnd(&stream) }
        var output = ZlibOutput()
        var input = [UInt8](bytes)
        let status = input.withUnsafeMutableBufferPointer { source -> Int32 in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let status = output.drain(&stream) { deflate(&$0, Z_FINISH) }
                if status != Z_OK { return status }   // Z_STREAM_END when done; anything else is an error
            }
        }
        guard status == Z_STREAM_END else {
            throw DatasetError.unwritable(path: path, reason: "zlib failed to compress (error \(status))")
        }
        return output.bytes
    }
}
