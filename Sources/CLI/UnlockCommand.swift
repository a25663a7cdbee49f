import ArgumentParser
import Foundation
import FileSystem

/// `lgf unlock DIR --force`: breaks the one-writer lock of a run or sweep folder that a process on another host holds,
/// when that host is gone for good (`FolderLock.breakLock`). A lock held on this host is never broken: the kernel
/// releases the lock of a process that ends, so a held one belongs to a live process.
struct Unlock: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Break the lock of a run or sweep folder held by a process on a host that is gone for good.",
        discussion: """
        Each run folder (and sweep folder) has one writer, which holds an advisory lock on the folder's lgf.lock. On a \
        local disk the kernel releases it when the writer ends, however it ends. On a network file system, a host that \
        died holds it until the server reclaims it; if the host never comes back, this command removes the lock file \
        and records who broke what, and when, in lgf.lock-breaks.log beside it. The old holder, should it still be \
        running after all, stops before its next write. A lock held on this host is refused: stop that process instead.
        """)

    @Argument(help: "The run or sweep folder whose lock to break.", completion: .directory)
    var folder: String

    @Flag(help: "Required: break the lock (the command does nothing without it).")
    var force = false

    func run() throws {
        let path = FolderLock.path(in: folder)
        guard force else {
            let holder = FolderLock.holder(ofLockAt: path).map(\.description) ?? "no recorded holder"
            throw ValidationError("\(path): held by \(holder); pass --force to break the lock (only when that host is gone for good)")
        }
        // Refusals (not held, held on this host) are FolderLockError: exit 1 with the reason.
        let holder = try FolderLock.breakLock(path: path, by: "lgf unlock --force")
        print("Broke the lock of \(folder) held by \(holder) (logged in \(FolderLock.breakLogName)).")
    }
}
