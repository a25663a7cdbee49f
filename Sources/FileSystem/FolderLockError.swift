/// Why a folder's lock (`FolderLock`) could not be taken, kept or broken.
package enum FolderLockError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another process holds the lock; `holder` is what it recorded (`nil` while it has not written its record yet).
    case held(path: String, holder: LockHolder?)
    /// The lock file cannot be created, opened or locked (a read-only folder, a full disk, a file system without locks).
    case unavailable(path: String, reason: String)
    /// `breakLock` was asked to break a lock it must not: held on this host (so by a live process), or not held at all.
    case notBreakable(path: String, reason: String)

    package var description: String {
        switch self {
        case .held(let path, let holder):
            return "\(path) is locked by \(holder.map(\.description) ?? "another process (which has not recorded its id yet)")"
        case .unavailable(let path, let reason):
            return "\(path): \(reason)"
        case .notBreakable(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
