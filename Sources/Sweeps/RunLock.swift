#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The exclusive lock on a run of a sweep, held on the run's log file by flock(2).
///
/// The training process gets the locked file as its standard output and error, so it shares the open
/// file description and holds the lock for as long as it lives, even when the sweep that started it
/// has been killed; a sweep started again sees such a run as busy instead of training it twice.
public final class RunLock: @unchecked Sendable {
    // @unchecked: the handle is created once and only closed by `release()`, which the owner calls once.
    /// The log file, open for appending, locked.
    public let handle: FileHandle
    public let path: String

    private init(handle: FileHandle, path: String) {
        self.handle = handle
        self.path = path
    }

    /// Locks the file at `path` (created if missing), or returns `nil` when another process holds it.
    /// - Throws: `SweepError.bookkeeping` when the file cannot be opened.
    public static func acquire(path: String) throws -> RunLock? {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SweepError.bookkeeping(path: path, reason: "cannot open the run's log file: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return RunLock(handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: false), path: path)
    }

    /// Whether some process holds the lock on `path` now (a missing file is not locked).
    public static func isHeld(path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return true
    }

    /// Appends a line to the log (the sweep's own notes between attempts).
    public func note(_ line: String) {
        handle.write(Data((line + "\n").utf8))
    }

    /// Closes the sweep's copy of the descriptor: the lock lasts while the training process keeps its copy.
    public func release() {
        close(handle.fileDescriptor)
    }
}
