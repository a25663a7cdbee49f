#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension FolderLock {
    /// Breaks the lock on the file at `path` that a process on another host holds, when that host is gone for good (a
    /// lock on a network file system that its server keeps): removes the lock file, so the next writer creates a new
    /// one, after appending what it broke, when and from where to `lgf.lock-breaks.log` beside it. The old holder, if
    /// it still runs after all, finds its lock file replaced (`isStillInPlace`) and stops before its next write.
    ///
    /// A lock held on this host is never broken: the kernel releases the lock of a process that ends, so a held one
    /// belongs to a live process, which must be stopped instead.
    /// - Parameter command: who breaks it, for the log (e.g. `lgf unlock --force`).
    /// - Returns: the holder that was recorded, now the line of the log.
    /// - Throws: `FolderLockError.notBreakable` when the lock is not held, is held on this host, or has no holder
    ///   record; `.unavailable` when the log or the removal fails.
    @discardableResult
    package static func breakLock(path: String, by command: String) throws(FolderLockError) -> LockHolder {
        guard isHeld(path: path) else { throw .notBreakable(path: path, reason: "it is not locked, so there is nothing to break") }
        guard let holder = holder(ofLockAt: path) else {
            throw .notBreakable(path: path, reason: "its holder has not recorded who it is (it may be starting right now); try again")
        }
        guard !holder.isOnThisHost else {
            throw .notBreakable(path: path, reason: "it is held by \(holder), a live process on this host (the kernel releases the lock of a "
                                + "process that ends); stop that process instead of breaking its lock")
        }
        let logPath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(breakLogName)
        let breaker = LockHolder.current(command: command)
        let line = "\(breaker.since) \(breaker.description) broke the lock held by \(holder)\n"
        do throws(FileSystemError) {
            try DurableAppend.append(Array(line.utf8), to: logPath)
        } catch {
            throw .unavailable(path: logPath, reason: "cannot log the break, so the lock was left in place: \(error.reason)")
        }
        guard unlink(path) == 0 else { throw .unavailable(path: path, reason: "cannot remove the lock file: \(String(cString: strerror(errno)))") }
        return holder
    }
}
