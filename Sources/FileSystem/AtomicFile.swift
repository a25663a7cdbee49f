#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces files so that a reader, or the file system after a crash, sees either the old contents or the
/// complete new ones, never a mixture.
///
/// The bytes go to a uniquely named temporary file in the destination's directory (rename(2) is atomic
/// only within one file system), which is flushed with fsync(2) and then renamed over the destination;
/// finally the directory is flushed so the rename itself survives a crash. On any failure the temporary
/// file is removed and the destination keeps its previous contents. This is the sequence of Go's
/// `renameio` and of SQLite's rollback journal.
package enum AtomicFile {
    /// Atomically replaces (or creates) the file at `path` with `bytes`.
    ///
    /// A file that already exists keeps its permission bits; a new one gets 0644 less the umask.
    /// - Parameters:
    ///   - bytes: the complete new contents.
    ///   - path: the destination; its directory must exist.
    ///   - simulatedError: for fault-injection tests: an `errno` (e.g. `ENOSPC`) that the write of the
    ///     temporary file fails with, through the same clean-up and message as a real failure.
    /// - Throws: `FileSystemError.unwritable(path:reason:)` naming `path` and the failing step.
    package static func write(_ bytes: [UInt8], to path: String, simulatedError: Int32? = nil) throws(FileSystemError) {
        try write(bytes, to: path, simulatedError: simulatedError, beforeRename: { _ throws(FileSystemError) in })
    }

    /// `write(_:to:)` with a hook run after the temporary file is complete and synced, just before the
    /// rename, given the temporary file's path: tests use it to look at the intermediate state and to
    /// inject a failure at the last moment.
    package static func write(_ bytes: [UInt8], to path: String, simulatedError: Int32? = nil,
                      beforeRename: (String) throws(FileSystemError) -> Void) throws(FileSystemError) {
        let (directory, fileName) = try splitPath(path)
        let (descriptor, temporaryPath) = try createTemporaryFile(in: directory, for: fileName, destination: path)
        do throws(FileSystemError) {
            if let simulatedError {
                errno = simulatedError
                throw failure(path, "cannot write the temporary file")
            }
            try fill(descriptor, with: bytes, destination: path, failing: "cannot write the temporary file")
            var status = stat()
            // Best effort: failing to copy the old permission bits leaves 0644, which is no reason to refuse the save.
            if stat(path, &status) == 0 { _ = fchmod(descriptor, status.st_mode & 0o7777) }
            guard fsync(descriptor) == 0 else { throw failure(path, "cannot flush the temporary file to disk") }
        } catch {
            _ = close(descriptor)
            _ = unlink(temporaryPath)
            throw error
        }
        guard close(descriptor) == 0 else {
            let error = failure(path, "cannot close the temporary file")
            _ = unlink(temporaryPath)
            throw error
        }
        do throws(FileSystemError) {
            try beforeRename(temporaryPath)
        } catch {
            _ = unlink(temporaryPath)
            throw error
        }
        guard rename(temporaryPath, path) == 0 else {
            let error = failure(path, "cannot move the temporary file into place")
            _ = unlink(temporaryPath)
            throw error
        }
        try syncDirectory(directory, destination: path)
    }

    /// The directory (`.` for a bare name) and the file name of `path`.
    private static func splitPath(_ path: String) throws(FileSystemError) -> (directory: String, fileName: String) {
        let directory: String, fileName: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
            fileName = String(path[path.index(after: slash)...])
        } else {
            directory = "."
            fileName = path
        }
        guard !fileName.isEmpty, fileName != ".", fileName != ".." else {
            throw .unwritable(path: path, reason: "expected the path of a file, found a directory path")
        }
        return (directory, fileName)
    }

    /// Creates `.<name>.<random>.tmp` next to the destination, exclusively (`O_EXCL`), so two writers
    /// never share a temporary file.
    private static func createTemporaryFile(in directory: String, for fileName: String, destination: String) throws(FileSystemError) -> (Int32, String) {
        let attemptCount = 16
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<attemptCount {
            let suffix = String(generator.next() as UInt64, radix: 16)
            let temporaryPath = directory + "/." + fileName + "." + suffix + ".tmp"
            let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (descriptor, temporaryPath) }
            if errno != EEXIST { throw failure(destination, "cannot create a temporary file in \(directory)") }
        }
        throw .unwritable(path: destination, reason: "cannot find an unused temporary file name in \(directory)")
    }

    /// Writes every byte, continuing after short writes and interrupted calls; a failure names `destination` and
    /// says `operation` with the system's reason.
    package static func fill(_ descriptor: Int32, with bytes: [UInt8], destination: String, failing operation: String) throws(FileSystemError) {
        let result: FileSystemError? = bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return failure(destination, operation)
                }
                offset += written
            }
            return nil
        }
        if let result { throw result }
    }

    /// Flushes the directory entry of the rename. File systems that cannot sync a directory (EINVAL)
    /// have nothing to flush.
    private static func syncDirectory(_ directory: String, destination: String) throws(FileSystemError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(destination, "the new contents are in place, but the directory cannot be opened to sync it") }
        defer { _ = close(descriptor) }
        if fsync(descriptor) != 0 && errno != EINVAL && errno != ENOTSUP {
            throw failure(destination, "the new contents are in place, but syncing the directory failed")
        }
    }

    /// An error for `path` whose reason ends with the current `errno`'s explanation.
    package static func failure(_ path: String, _ step: String) -> FileSystemError {
        .unwritable(path: path, reason: "\(step): \(String(cString: strerror(errno)))")
    }
}

/// write(2), which `AtomicFile.write` would otherwise shadow.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
