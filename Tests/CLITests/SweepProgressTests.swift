import Foundation
import Testing
import Sweeps
@testable import CLI

/// What a sweep tells its log, and the progress display's status line.
struct SweepProgressTests {
    final class RecordingLog: SweepLog {
        var launched: [String] = []
        var finished: [String: RunOutcome] = [:]
        var updates: [SweepProgress] = []
        func sweepDidLaunch(_ run: SweepRun, isResuming: Bool) { launched.append(run.id) }
        func sweepDidFinish(_ run: SweepRun, outcome: RunOutcome, seconds: Double) { finished[run.id] = outcome }
        func sweepDidUpdate(_ progress: SweepProgress) { updates.append(progress) }
    }

    @Test func theStatusLineShowsTheCounts() {
        let progress = SweepProgress(total: 10, finished: 3, failed: 1, running: 2, busyElsewhere: 0, elapsed: 75, secondsRemaining: 3725)
        #expect(progress.pending == 4)
        #expect(SweepProgressDisplay.statusLine(progress) == "3/10 done, 2 running, 1 failed, 4 waiting, elapsed 1 min 15 s, left 1 h 2 min")
    }

    @Test func theExecutorReportsEveryRunAndEndsWithNothingLeft() throws {
        let folder = CLIHarness.scratchFolder("executor")
        let spec = try SweepHarness.specification("""
            datasets: [2uniforms]
            models: [maf]
            seeds: [0, 1, 2]
            \(SweepHarness.tinySettings)
              epochs: 2
            """, folder: folder)
        let runs = try SweepSpecification.read(path: spec).runs(path: spec)
        let ledger = SweepLedger(root: (folder as NSString).appendingPathComponent("out"))
        try ledger.prepare(name: "executor", runs: runs)
        let log = RecordingLog()
        let executor = LocalSweepExecutor(launcher: try RunLauncher(ledger: ledger, executable: SweepHarness.executable), runs: runs, jobs: 2, log: log)
        let outcome = try executor.run()
        #expect(Set(outcome.finished) == Set(runs.map(\.id)) && outcome.failed.isEmpty)
        #expect(Set(log.launched) == Set(runs.map(\.id)) && log.finished.values.allSatisfy { $0 == .finished })
        let last = try #require(log.updates.last)
        #expect(last.finished == 3 && last.running == 0 && last.pending == 0 && last.secondsRemaining == 0)
        // A second executor over the same ledger has nothing to launch.
        let again = RecordingLog()
        _ = try LocalSweepExecutor(launcher: try RunLauncher(ledger: ledger, executable: SweepHarness.executable), runs: runs, jobs: 2, log: again).run()
        #expect(again.launched.isEmpty && again.updates.last?.finished == 3)
    }
}
