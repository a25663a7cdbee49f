import Foundation
import CZlib

/// The output side of a zlib stream: one reusable chunk that each `inflate` or `deflate` call fills, and the bytes
/// produced so far. Compressing and decompressing drain a stream the same way; only the step differs.
struct ZlibOutput {
    /// Everything the stream has produced so far.
    private(set) var bytes = Data()
    private var chunk = [UInt8](repeating: 0, count: 1 << 18)

    /// Runs `step` (e.g. `inflate(&stream, Z_NO_FLUSH)`) with the chunk as its output space, appends what it wrote
    /// to `bytes`, and returns zlib's status.
    mutating func drain(_ stream: inout z_stream, by step: (inout z_stream) -> Int32) -> Int32 {
        let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(buffer.count)
            return step(&stream)
        }
        bytes.append(contentsOf: chunk[0 ..< chunk.count - Int(stream.avail_out)])
        return status
    }
}
