#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The one-writer lock of a folder: an advisory flock(2) on the file `lgf.lock` inside it, which records who holds
/// it (`LockHolder`). A second writer is refused at once, told the holder's process id and host.
///
/// **What it guarantees.** On a local file system the kernel releases the lock when the last descriptor of its open
/// file description closes, so a lock left by a process that died (even by SIGKILL) never blocks. On Linux NFS
/// clients (v3 with lockd, v4) flock is carried out as a whole-file POSIX lock that the server arbitrates, so two
/// hosts exclude each other as long as both mount with locking (not `nolock` or `local_lock=flock`); a host that
/// dies holds its lock until the server reclaims it (NFSv4: when its lease expires, about 90 s; NFSv3: when the host
/// reboots), and one that never comes back holds it until `breakLock` removes the file. Processes that ignore the
/// file (other tools, or `lgf` of an earlier version) are not stopped by it.
///
/// **Handing the lock to a child.** flock belongs to the open file description, which a child process shares when it
/// inherits the descriptor. A parent that gives the locked file to a child as its standard input hands the lock over:
/// the child's `acquire` recognises its standard input as the locked file and adopts it, and the lock then lasts as
/// long as the child, even when the parent is gone.
package final class FolderLock: Sendable {
    /// The lock file's name inside the folder it guards.
    package static let fileName = "lgf.lock"
    /// The log of broken locks, kept beside the lock file (`breakLock`).
    package static let breakLogName = "lgf.lock-breaks.log"

    /// The lock file.
    package let path: String
    private let descriptor: Int32
    private let identity: FileIdentity

    private init(path: String, descriptor: Int32, identity: FileIdentity) {
        self.path = path
        self.descriptor = descriptor
        self.identity = identity
    }

    deinit { _ = close(descriptor) }

    /// The lock file of `folder`.
    package static func path(in folder: String) -> String { (folder as NSString).appendingPathComponent(fileName) }

    /// Takes the lock on the file at `path` (created if missing; its folder must exist) and records this process as
    /// its holder, or adopts it when this process's standard input is that file, locked by the parent that started it.
    /// - Parameter command: what the holder is doing, for the record (e.g. `lgf train`).
    /// - Throws: `FolderLockError.held` naming the holder when another process has it; `.unavailable` when the file
    ///   cannot be created or locked.
    package static func acquire(path: String, command: String) throws(FolderLockError) -> FolderLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .unavailable(path: path, reason: "cannot create the lock file: \(String(cString: strerror(errno)))") }
        guard let identity = FileIdentity(descriptor: descriptor) else {
            _ = close(descriptor)
            throw .unavailable(path: path, reason: "cannot examine the lock file: \(String(cString: strerror(errno)))")
        }
        var lockDescriptor = descriptor
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            guard reason == EWOULDBLOCK, let inherited = adoptInheritedLock(of: identity) else {
                _ = close(descriptor)
                if reason == EWOULDBLOCK { throw .held(path: path, holder: holder(ofLockAt: path)) }
                throw .unavailable(path: path, reason: "cannot lock the file: \(String(cString: strerror(reason)))")
            }
            _ = close(descriptor)
            lockDescriptor = inherited
        }
        let lock = FolderLock(path: path, descriptor: lockDescriptor, identity: identity)
        lock.record(LockHolder.current(command: command))
        return lock
    }

    /// Takes the lock of `folder` (`acquire(path:command:)` on its `lgf.lock`).
    package static func acquire(folder: String, command: String) throws(FolderLockError) -> FolderLock {
        try acquire(path: path(in: folder), command: command)
    }

    /// A descriptor of standard input when it is the file `identity` names and this process may lock it, that is,
    /// when it shares the open file description whose lock the parent took.
    private static func adoptInheritedLock(of identity: FileIdentity) -> Int32? {
        guard FileIdentity(descriptor: STDIN_FILENO) == identity, flock(STDIN_FILENO, LOCK_EX | LOCK_NB) == 0 else { return nil }
        let copy = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0)
        return copy >= 0 ? copy : nil
    }

    /// Writes `holder` into the lock file (best effort: the lock holds whether or not the record can be written).
    private func record(_ holder: LockHolder) {
        guard let bytes = try? JSONEncoder().encode(holder) else { return }   // a record that cannot be encoded is only a missing note
        _ = ftruncate(descriptor, 0)
        _ = Array(bytes + [UInt8(ascii: "\n")]).withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Lets the lock go at once (for every descriptor sharing it, a child's included).
    package func release() {
        _ = flock(descriptor, LOCK_UN)
    }

    /// A descriptor a child process can take as its standard input to hold this lock after this process lets its own
    /// copy go (`FileHandle(fileDescriptor:closeOnDealloc:)` of it, given to `Process.standardInput`).
    package var handOverDescriptor: Int32 { descriptor }

    /// Whether the lock file at `path` is still the one this lock holds: `false` once `breakLock` has removed it (or
    /// anything else has replaced it), when this process must stop writing.
    package var isStillInPlace: Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return FileIdentity(status) == identity
    }

    /// The holder recorded in the lock file at `path`, `nil` when there is no file or no readable record.
    package static func holder(ofLockAt path: String) -> LockHolder? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }   // no file: no holder
        return try? JSONDecoder().decode(LockHolder.self, from: data)   // a record being written reads as none
    }

    /// Whether some process holds the lock on `path` now (a missing file is not held). The probe takes a shared lock
    /// for an instant, which a writer's `acquire` at that very instant would see as held.
    package static func isHeld(path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { _ = close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return true }
        _ = flock(descriptor, LOCK_UN)
        return false
    }
}

/// The device and inode of a file: what tells the lock file a process holds from one that replaced it.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }

    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        self.init(status)
    }
}
