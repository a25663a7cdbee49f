import Foundation

/// Where the tool's text goes. Every line is written at once (standard output is flushed after each
/// `print`), so output redirected to a file or a pipe keeps the order in which it happened beside standard
/// error, and nothing printed is lost when the process is killed. Inside `Console.$capture.withValue(…)`
/// (the tests' in-process runs) both streams go to a buffer instead, so the test log stays quiet.
enum Console {
    /// Collected output of one in-process run.
    final class Capture: @unchecked Sendable {   // every access to the two strings holds `lock`
        private let lock = NSLock()
        private var outputText = ""
        private var errorText = ""

        var output: String { lock.withLock { outputText } }
        var errors: String { lock.withLock { errorText } }

        func append(_ text: String, toErrors: Bool) {
            lock.withLock { if toErrors { errorText += text } else { outputText += text } }
        }
    }

    /// Set by tests around a run; `nil` writes to the process's streams.
    @TaskLocal static var capture: Capture?

    /// Writes `text` to standard output and flushes it.
    static func writeOutput(_ text: String) {
        if let capture { return capture.append(text, toErrors: false) }
        // Straight to the file descriptor: nothing is buffered, so lines appear in the order they happen,
        // and no C `FILE *` global (not concurrency-safe in Swift 6) is touched.
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `text` to standard error (unbuffered).
    static func writeError(_ text: String) {
        if let capture { return capture.append(text, toErrors: true) }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// One warning line on standard error.
    static func warn(_ message: String) { writeError("warning: \(message)\n") }
}

/// The tool's `print`: shadows the standard library's inside the CLI module so that every command's output
/// goes through `Console` (flushed at once, or captured by tests) without each command saying so.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Console.writeOutput(items.map { "\($0)" }.joined(separator: separator) + terminator)
}
