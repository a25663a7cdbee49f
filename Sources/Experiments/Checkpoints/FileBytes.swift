#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with POSIX calls, so a missing file and an unreadable one give different errors.
enum FileBytes {
    /// Bytes requested per read(2) once the expected size has been read.
    private static let chunkByteCount = 1 << 20

    /// The contents of the file at `path`.
    /// - Throws: `CheckpointError.fileNotFound(path:)` if nothing is there, `.unreadable(path:reason:)` for a
    ///   directory or an I/O error.
    static func read(_ path: String) throws(CheckpointError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .fileNotFound(path: path) }
            throw failure(path, "cannot open it")
        }
        defer { _ = close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(path, "cannot query its size") }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw .unreadable(path: path, reason: "it is a directory, expected a file") }

        // Read until end of file rather than trusting st_size, which may change underneath us.
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: chunkByteCount)) }
            let received = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemRead(descriptor, base + count, buffer.count - count)
            }
            if received < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot read it")
            }
            if received == 0 { break }
            count += received
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    private static func failure(_ path: String, _ step: String) -> CheckpointError {
        .unreadable(path: path, reason: "\(step): \(String(cString: strerror(errno)))")
    }
}

/// read(2), which `FileBytes.read` would otherwise shadow.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
