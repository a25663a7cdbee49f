#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends bytes to a file so that, once `append` returns, they are on disk (fsync(2)), and so that a
/// failed append leaves the file as it was: on a short or failed write (a full disk) the file is cut
/// back to its previous length, so no torn line stays behind. A kill in the middle can still leave a
/// partial last line; readers of append-only files (`RunFolder.readMetricsRepairing`) repair that.
package enum DurableAppend {
    /// Appends `bytes` to the file at `path`, creating it (0644 less the umask) if it is missing.
    /// - Parameters:
    ///   - simulatedError: for fault-injection tests: an `errno` (e.g. `ENOSPC`) the write fails with.
    /// - Throws: `FileSystemError.unwritable(path:reason:)` naming the failing step and the system's reason.
    package static func append(_ bytes: [UInt8], to path: String, simulatedError: Int32? = nil) throws(FileSystemError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtomicFile.failure(path, "cannot open it for appending") }
        defer { _ = close(descriptor) }
        let originalLength = lseek(descriptor, 0, SEEK_END)
        guard originalLength >= 0 else { throw AtomicFile.failure(path, "cannot find its end") }
        var failure: FileSystemError?
        if let simulatedError {
            errno = simulatedError
            failure = AtomicFile.failure(path, "cannot append to it")
        } else {
            do {
                try AtomicFile.fill(descriptor, with: bytes, destination: path, failing: "cannot append to it")
            } catch {
                failure = error
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = AtomicFile.failure(path, "cannot flush it to disk") }
        if let failure {
            // Best effort: if even the truncation fails, the reader's repair of a torn last line still applies.
            _ = ftruncate(descriptor, originalLength)
            throw failure
        }
    }
}
