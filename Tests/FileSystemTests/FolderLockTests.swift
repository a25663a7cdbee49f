import Foundation
import Testing
import FileSystem

/// One writer per folder (issue 29, failure 1): a second taker is refused naming the holder, a released lock is free
/// again, and only a lock recorded for another host can be broken, with the break logged and noticed by the holder.
struct FolderLockTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("FolderLockTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    @Test func aSecondTakerIsRefusedNamingTheHolderUntilTheFirstLetsGo() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var first: FolderLock? = try FolderLock.acquire(folder: folder, command: "lgf train")
        #expect(throws: FolderLockError.held(path: FolderLock.path(in: folder), holder: FolderLock.holder(ofLockAt: FolderLock.path(in: folder)))) {
            _ = try FolderLock.acquire(folder: folder, command: "lgf train")
        }
        let holder = try #require(FolderLock.holder(ofLockAt: FolderLock.path(in: folder)))
        #expect(holder.pid == getpid() && holder.isOnThisHost && holder.command == "lgf train")
        #expect(FolderLock.isHeld(path: FolderLock.path(in: folder)))
        // Held on this host, so by a live process: never broken.
        #expect(throws: FolderLockError.self) { try FolderLock.breakLock(path: FolderLock.path(in: folder), by: "test") }
        first = nil   // closing the descriptor releases it, as the kernel does for a process that dies
        #expect(first == nil && !FolderLock.isHeld(path: FolderLock.path(in: folder)))
        _ = try FolderLock.acquire(folder: folder, command: "lgf train")
    }

    @Test func aLockOfAHostThatIsGoneIsBrokenLoggedAndNoticedByItsHolder() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = FolderLock.path(in: folder)
        let lock = try FolderLock.acquire(folder: folder, command: "lgf train")
        // The record says another host, as a lock held over NFS by a machine that died would.
        let remote = LockHolder(pid: 4242, host: "gone-host.invalid", since: "2026-01-01T00:00:00Z", command: "lgf train")
        try JSONEncoder().encode(remote).write(to: URL(fileURLWithPath: path))
        #expect(lock.isStillInPlace)
        let broken = try FolderLock.breakLock(path: path, by: "lgf unlock --force")
        #expect(broken == remote && !lock.isStillInPlace)
        let log = try String(contentsOfFile: (folder as NSString).appendingPathComponent(FolderLock.breakLogName), encoding: .utf8)
        #expect(log.contains("broke the lock held by process 4242 on gone-host.invalid"))
        // The next writer takes a new lock file at once.
        _ = try FolderLock.acquire(folder: folder, command: "lgf train --resume")
    }
}
