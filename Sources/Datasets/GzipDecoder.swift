import Foundation
import CZlib

/// Decompresses gzip files (RFC 1952) with zlib's `inflate`, so that `.csv.gz` and `.npy.gz` datasets are
/// read without unpacking them first. Concatenated gzip members (what `cat a.gz b.gz` makes) are read one
/// after another, as `gunzip` does.
enum GzipDecoder {
    /// The decompressed bytes of `compressed`; `path` names the file in errors.
    ///
    /// - Throws: `DatasetError.corruptCompressedFile` naming `path` and zlib's reason when the bytes are not
    ///   gzip, are damaged, or end before the stream does; `.exceedsMemoryLimit` once the output passes `limit` (a
    ///   gzip stream can inflate a thousandfold, so its size says nothing of what it holds).
    static func decompress(_ compressed: Data, path: String, limit: DecodingLimit = .standard) throws -> Data {
        var stream = z_stream()
        // 15 + 16: a 32 KiB window and a gzip (not zlib) header, as `gunzip` expects.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError.corruptCompressedFile(path: path, reason: "zlib could not start (out of memory)")
        }
        defer { inflateEnd(&stream) }
        var output = ZlibOutput()
        try compressed.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let base = input.bindMemory(to: Bytef.self).baseAddress, input.count > 0 else {
                throw DatasetError.empty(path: path)
            }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            guard input.count < Int(uInt.max) else {
                throw DatasetError.corruptCompressedFile(path: path, reason: "\(input.count) bytes is more than the 4 GiB a gzip file may hold here")
            }
            stream.avail_in = uInt(input.count)
            while true {
                let status = output.drain(&stream) { inflate(&$0, Z_NO_FLUSH) }
                try limit.check(output.bytes.count, for: "inflating its gzip stream", of: path)
                switch status {
                case Z_STREAM_END:
                    // Another member may follow; anything else after the end is an error, as in `gunzip`.
                    guard stream.avail_in > 0 else { return }
                    guard inflateReset(&stream) == Z_OK else {
                        throw DatasetError.corruptCompressedFile(path: path, reason: "zlib could not start the next gzip member")
                    }
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw DatasetError.corruptCompressedFile(path: path, reason: "the file ends before its gzip stream does (truncated?)")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw DatasetError.corruptCompressedFile(path: path, reason: reason)
                }
            }
        }
        return output.bytes
    }
}
