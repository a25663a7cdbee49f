import ArgumentParser
import Foundation
import Runs

/// `LGF_PAUSE_AT=<write point>:<epoch>:<named pipe>`: a test aid, read only by `lgf train`, that stops a run at an
/// exact moment instead of at a time. At that point of that epoch (see `RunWritePoint`) the process creates the named
/// pipe `<named pipe>.<pid>`, writes its process id and a newline to `<named pipe>` (which the test has made with
/// mkfifo and reads), and then waits until `<named pipe>.<pid>` is opened for writing and closed: meanwhile the test
/// knows exactly where the run stands, and may signal it, kill it or let it go on. Signals that do not end the
/// process do not end the wait.
enum PausePoint {
    static let variable = "LGF_PAUSE_AT"

    /// The hooks the environment asks for, or `nil` when the variable is unset.
    /// - Throws: `ValidationError` naming the variable and its form.
    static func hooks(from environment: [String: String]) throws -> RunFolderHooks? {
        guard let value = environment[variable] else { return nil }
        let (point, epoch, pipe) = try WritePointSpecification.parse(value, variable: variable, extra: "named pipe")
        guard let pipe else { return nil }
        return RunFolderHooks(atPoint: { reached, reachedEpoch in
            if reached == point && reachedEpoch == epoch { try pause(announcingOn: pipe) }
        })
    }

    /// The pipe on which process `pid` waits to go on.
    static func resumePipe(_ pipe: String, pid: Int32) -> String { "\(pipe).\(pid)" }

    private static func pause(announcingOn pipe: String) throws {
        let pid = getpid()
        let resume = resumePipe(pipe, pid: pid)
        guard mkfifo(resume, 0o600) == 0 || errno == EEXIST else { throw failure("cannot create", resume) }
        try exchange(pipe, flags: O_WRONLY) { descriptor in
            let line = Array("\(pid)\n".utf8)
            _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        }
        // Opening for reading blocks until the test opens the pipe for writing; reading ends when it closes it.
        try exchange(resume, flags: O_RDONLY) { descriptor in
            var byte: UInt8 = 0
            while read(descriptor, &byte, 1) > 0 {}
        }
        unlink(resume)
    }

    /// Opens `path` with `flags` (retrying when a signal interrupts the wait), runs `body`, closes it.
    private static func exchange(_ path: String, flags: Int32, _ body: (Int32) -> Void) throws {
        var descriptor: Int32
        repeat { descriptor = open(path, flags | O_CLOEXEC) } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw failure("cannot open", path) }
        body(descriptor)
        close(descriptor)
    }

    private static func failure(_ what: String, _ path: String) -> ValidationError {
        ValidationError("\(variable): \(what) \(path): \(String(cString: strerror(errno)))")
    }
}

extension RunFolderHooks {
    /// Hooks that call `self`'s and then `other`'s at every point, and fail writes as either asks.
    func followed(by other: RunFolderHooks) -> RunFolderHooks {
        let first = self
        return RunFolderHooks(atPoint: { point, epoch in
            try first.atPoint?(point, epoch)
            try other.atPoint?(point, epoch)
        }, writeError: { path in first.writeError?(path) ?? other.writeError?(path) })
    }
}
