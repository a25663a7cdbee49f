import Foundation
import Glibc
import Testing
@testable import CLI
import Runs

/// The named pipe through which `lgf train` processes started with `LGF_PAUSE_AT` announce that they have stopped at
/// a write point, so that a test acts on a run at an exact moment (an event), never after a time.
struct PauseChannel {
    let path: String

    /// A fresh named pipe in `folder`.
    init(folder: String) throws {
        path = (folder as NSString).appendingPathComponent("pauses")
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }

    /// The environment in which `lgf train` pauses at `point` of `epoch` and announces it here.
    func environment(pausingAt point: RunWritePoint, epoch: Int,
                     base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        base.merging([PausePoint.variable: "\(point.rawValue):\(epoch):\(path)"]) { $1 }
    }

    /// Blocks until at least one process has announced its pause, and returns the ids of those that have; `nil` when
    /// `output` (the standard output and error of the process that starts the runs) ends first: it exited without
    /// pausing. What `output` carries meanwhile is appended to `log`.
    func waitForPauses(watching output: FileHandle, log: inout String) -> [Int32]? {
        var pipe = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        defer { close(pipe) }
        var announced = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        while pipe >= 0 {
            var watched = [pollfd(fd: pipe, events: Int16(POLLIN), revents: 0), pollfd(fd: output.fileDescriptor, events: Int16(POLLIN), revents: 0)]
            guard poll(&watched, 2, -1) > 0 else { continue }
            if watched[0].revents != 0 {
                let count = Glibc.read(pipe, &buffer, buffer.count)
                if count > 0 { announced += String(decoding: buffer[..<count], as: UTF8.self) }
                if count == 0 {
                    // End of file: every announcing process has closed its end, so each line is complete.
                    if !announced.isEmpty { return announced.split(separator: "\n").compactMap { Int32($0) } }
                    // A writer came and went without a word: open afresh, or the hang-up would be reported forever.
                    close(pipe)
                    pipe = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
                }
            }
            if watched[1].revents != 0 {
                let count = Glibc.read(output.fileDescriptor, &buffer, buffer.count)
                if count <= 0 { return nil }
                log += String(decoding: buffer[..<count], as: UTF8.self)
            }
        }
        return nil
    }

    /// Lets paused process `pid` go on.
    func resume(_ pid: Int32) {
        let pipe = open(PausePoint.resumePipe(path, pid: pid), O_WRONLY | O_CLOEXEC)
        if pipe >= 0 { close(pipe) }
    }

    /// Reads `output` until what it has carried (appended to `log`) contains `text`; `false` if it ends first.
    static func read(_ output: FileHandle, into log: inout String, until text: String) -> Bool {
        while !log.contains(text) {
            let chunk = output.availableData
            if chunk.isEmpty { return false }
            log += String(decoding: chunk, as: UTF8.self)
        }
        return true
    }
}
