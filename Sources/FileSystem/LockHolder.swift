#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Who holds a folder's lock, as the holder recorded it in the lock file (`FolderLock`).
package struct LockHolder: Codable, Equatable, Sendable, CustomStringConvertible {
    /// The holder's process id on its host.
    package var pid: Int32
    /// The host name of the machine it runs on.
    package var host: String
    /// When it took the lock (ISO 8601).
    package var since: String
    /// What it is doing, e.g. `lgf train`.
    package var command: String

    package init(pid: Int32, host: String, since: String, command: String) {
        self.pid = pid
        self.host = host
        self.since = since
        self.command = command
    }

    /// This process, now.
    package static func current(command: String) -> LockHolder {
        LockHolder(pid: getpid(), host: thisHost, since: ISO8601DateFormatter().string(from: Date()), command: command)
    }

    /// This machine's host name (`localhost` when the system cannot say).
    package static var thisHost: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the holder runs on this machine.
    package var isOnThisHost: Bool { host == Self.thisHost }

    /// "process 1234 on node7 (lgf train, since 2025-05-01T10:00:00Z)".
    package var description: String { "process \(pid) on \(host) (\(command), since \(since))" }
}
