import Foundation
import Sweeps

/// Shows a sweep's progress on standard error: one line per started or ended run, and a status line
/// (rewritten in place on a terminal, every 30 s otherwise) with runs done, running, failed and time left.
final class SweepProgressDisplay: SweepLog {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastLine = Date.distantPast
    private var statusShown = false

    func sweepDidLaunch(_ run: SweepRun, isResuming: Bool) {
        emit("\(isResuming ? "resume" : "start ") \(run.id)")
    }

    func sweepDidFinish(_ run: SweepRun, outcome: RunOutcome, seconds: Double) {
        switch outcome {
        case .finished: emit("done   \(run.id) (\(SweepProgressDisplay.duration(seconds)))")
        case .interrupted: emit("paused \(run.id): resumes when the sweep is started again")
        case .failed(let failure): emit("FAILED \(run.id): \(failure.reason)")
        }
    }

    func sweepDidUpdate(_ progress: SweepProgress) {
        let line = SweepProgressDisplay.statusLine(progress)
        if isTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            statusShown = true
        } else if Date().timeIntervalSince(lastLine) >= 30 || progress.running == 0 {
            lastLine = Date()
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    private func emit(_ text: String) {
        let prefix = isTerminal && statusShown ? "\r\u{1B}[K" : ""
        statusShown = false
        FileHandle.standardError.write(Data((prefix + text + "\n").utf8))
    }

    static func statusLine(_ p: SweepProgress) -> String {
        var parts = ["\(p.finished)/\(p.total) done", "\(p.running) running", "\(p.failed) failed", "\(p.pending) waiting"]
        if p.busyElsewhere > 0 { parts.append("\(p.busyElsewhere) held by other processes") }
        parts.append("elapsed \(duration(p.elapsed))")
        parts.append("left " + (p.secondsRemaining.map(duration) ?? "?"))
        return parts.joined(separator: ", ")
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \(total % 3600 / 60) min"
    }
}
