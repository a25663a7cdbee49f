#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A run's log in a sweep (`SweepLedger.logFile(of:)`), open for appending: the training process's standard output
/// and error, and the sweep's own notes between attempts.
final class SweepRunLog: @unchecked Sendable {
    // @unchecked: the handle is created once and only closed by `close()`, which the owner calls once.
    let handle: FileHandle

    /// Opens (or creates) the log at `path` for appending.
    /// - Throws: `SweepError.bookkeeping` when the file cannot be opened.
    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SweepError.bookkeeping(path: path, reason: "cannot open the run's log file: \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
    }

    /// Appends a line.
    func note(_ line: String) {
        handle.write(Data((line + "\n").utf8))
    }

    /// Closes the sweep's copy; the training process keeps its own until it ends.
    func close() {
        try? handle.close()   // a log that cannot be closed has nothing left to lose
    }
}
