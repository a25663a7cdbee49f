import Foundation
import Testing
import Runs
import Sweeps
import Reports
@testable import CLI

/// `lgf sweep` and `lgf report` end to end on tiny two-rectangles runs.
struct SweepTests {
    @Test func sweepsRecordsAFailureAndReportsTwiceFromTheCache() throws {
        let folder = CLIHarness.scratchFolder("sweep")
        let output = (folder as NSString).appendingPathComponent("out")
        let spec = try SweepHarness.specification("""
            datasets: [2uniforms]
            models:
              - model: maf
                grid: {learning-rate: [0.001, 0.002]}
              - model: lgf-maf
                choices:
                  - {}
                  - {validation-samples: 999999999}
            seeds: [0, 1]
            \(SweepHarness.tinySettings)
              epochs: 2
              snapshot-epochs: 2
            """, folder: folder)
        // The LGF runs whose validation would take hours fail as they start (a batch size of 0, which this test had
        // before, now refuses the whole sweep before any run starts); the other six finish.
        let failure = CLIHarness.failure(["sweep", spec, "--output", output, "--jobs", "2", "--executable", SweepHarness.executable, "--json"])
        #expect(failure?.exitCode == 1)
        let ledger = SweepLedger(root: output)
        let runs = try #require(try ledger.readPlan()?.runs)
        #expect(runs.count == 8)
        for run in runs {
            if run.overrides.validationSamples == 999999999 {
                guard case .failed(let recorded) = ledger.status(of: run) else { Issue.record("\(run.id) did not fail"); continue }
                #expect(recorded.exitCode != 0 && recorded.reason.contains("--allow-long-evaluation"), "\(recorded)")
            } else {
                #expect(ledger.status(of: run) == .finished)
                #expect(try ledger.folder(of: run).readMetrics().map(\.epoch) == [1, 2])
                #expect(ledger.folder(of: run).snapshotEpochs() == [1, 2])
            }
        }
        let reportArguments = ["report", output, "--importance-samples", "5", "--grid-size", "8", "--plot-importance-samples", "2", "--json"]
        try CLIHarness.run(reportArguments)
        let first = try SweepHarness.table(of: output)
        #expect(first.map(\.model) == ["lgf-maf", "maf"] && first.allSatisfy { $0.seeds == [0, 1] && $0.test.mean.isFinite })
        #expect(first.first { $0.model == "maf" }?.configurationsCompared == 2)
        let cached = try #require(runs.filter { $0.overrides.validationSamples != 999999999 }.first.map {
            CachedEvaluation.path(in: ledger.folder(of: $0), importanceSamples: 5, seed: 0)
        })
        #expect(FileManager.default.fileExists(atPath: cached))
        let modified = try FileManager.default.attributesOfItem(atPath: cached)[.modificationDate] as? Date
        try CLIHarness.run(reportArguments)
        #expect(try SweepHarness.table(of: output) == first)
        #expect(try FileManager.default.attributesOfItem(atPath: cached)[.modificationDate] as? Date == modified)
        let html = try String(contentsOfFile: (output as NSString).appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(html.contains("data:image/png;base64,") && html.contains("Failed runs") && html.contains("Densities over consecutive epochs"))
        // Started again, nothing is trained twice and failed runs are not retried.
        _ = CLIHarness.failure(["sweep", spec, "--output", output, "--executable", SweepHarness.executable, "--json"])
        for run in runs { #expect(SweepHarness.launches(of: run.id, in: output).starts == 1) }
    }

    /// Every training process of the sweep to be killed pauses once its first epoch is committed (`LGF_PAUSE_AT`):
    /// the first run is let go on to its end; when the second pauses, the sweep and that training process are killed,
    /// so the second run is exactly one epoch in, whatever the machine's speed.
    @Test func aSweepKilledMidwayFinishesEveryRunOnceWithTheSameTable() throws {
        let folder = CLIHarness.scratchFolder("killed")
        let spec = try SweepHarness.specification("""
            datasets: [2uniforms]
            models: [maf, lgf-maf]
            seeds: [0]
            grid: {learning-rate: [0.001, 0.003]}
            \(SweepHarness.tinySettings)
              epochs: 12
            """, folder: folder)
        let killed = (folder as NSString).appendingPathComponent("killed")
        let calm = (folder as NSString).appendingPathComponent("calm")
        let channel = try PauseChannel(folder: folder)
        let (sweep, output) = try SweepHarness.start(["sweep", spec, "--output", killed, "--jobs", "1"],
                                                     environment: channel.environment(pausingAt: .afterLatestCheckpoint, epoch: 1))
        let reference = try SweepHarness.start(["sweep", spec, "--output", calm, "--jobs", "1"], log: calm + ".log")
        var log = ""
        let first = try #require(channel.waitForPauses(watching: output.fileHandleForReading, log: &log), "\(log)")
        #expect(first.count == 1)
        channel.resume(first[0])
        let second = try #require(channel.waitForPauses(watching: output.fileHandleForReading, log: &log), "\(log)")
        #expect(second.count == 1 && second != first)
        let ledger = SweepLedger(root: killed)
        let runs = try #require(try ledger.readPlan()?.runs)
        kill(sweep.processIdentifier, SIGKILL)
        kill(second[0], SIGKILL)
        sweep.waitUntilExit()
        // The training process holds the run's lock until it is gone.
        #expect(SweepHarness.waitForRelease(of: ledger.folder(of: runs[1]).lockPath))
        #expect(ledger.status(of: runs[0]) == .finished && ledger.status(of: runs[1]) == .resumable(epochs: 1))
        let victimWasUnfinished = ledger.status(of: runs[1]) != .finished
        try CLIHarness.run(["sweep", spec, "--output", killed, "--jobs", "2", "--executable", SweepHarness.executable, "--json"])
        reference.waitUntilExit()
        #expect(reference.terminationStatus == 0)
        for run in runs {
            #expect(ledger.status(of: run) == .finished)
            #expect(try ledger.folder(of: run).readMetrics().map(\.epoch) == Array(1...12))
            let launches = SweepHarness.launches(of: run.id, in: killed)
            #expect(launches.starts == 1)
            #expect(launches.resumes == (run.id == runs[1].id && victimWasUnfinished ? 1 : 0))
        }
        for output in [killed, calm] {
            try CLIHarness.run(["report", output, "--importance-samples", "5", "--no-figures", "--json"])
        }
        #expect(try SweepHarness.table(of: killed) == SweepHarness.table(of: calm))
    }

    /// A setting no run can have (epochs -1, a learning rate of 0, a vector model for images) failed each run in turn as
    /// it started. Every run is now resolved as its `lgf train` would first, and the sweep, `--dry-run` too, is refused
    /// with one message naming the specification, the keys and the runs, before anything is written.
    @Test func settingsNoRunCanHaveRefuseTheWholeSweepBeforeAnyRunStarts() throws {
        let folder = CLIHarness.scratchFolder("sweep-refused")
        let output = (folder as NSString).appendingPathComponent("out")
        let spec = try SweepHarness.specification("""
            datasets: [2uniforms, mnist]
            models: [maf]
            seeds: 2
            settings: {epochs: -1}
            grid: {learning-rate: [0, 0.001]}
            """, folder: folder)
        for extra in [["--dry-run"], ["--executable", SweepHarness.executable]] {
            let refused = try #require(CLIHarness.failure(["sweep", spec, "--output", output] + extra))
            #expect(refused.exitCode == 1 && refused.message.contains("\(spec): 8 of the sweep's 8 runs cannot start, so none was started"), "\(refused)")
            #expect(refused.message.contains("key \"learning-rate\": learning rate must be positive, got 0.0 "
                                             + "(2 runs: 2uniforms_maf_learning-rate-0_seed0, 2uniforms_maf_learning-rate-0_seed1)"), "\(refused)")
            #expect(refused.message.contains("key \"epochs\": epochs must be positive, got -1 "
                                             + "(2 runs: 2uniforms_maf_learning-rate-0.001_seed0, 2uniforms_maf_learning-rate-0.001_seed1)"), "\(refused)")
            #expect(refused.message.contains("the dataset and model: unknown model \"maf (for images)\"")
                    && refused.message.contains("(4 runs: mnist_maf_learning-rate-0_seed0, mnist_maf_learning-rate-0_seed1, mnist_maf_learning-rate-0.001_seed0, … 4 in all)"),
                    "\(refused)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
        // A user's file is read to resolve its runs (a MADE narrower than its two columns), once for all of them.
        let data = (folder as NSString).appendingPathComponent("data.csv")
        try ("x,y\n" + (0..<200).map { "\(Double($0 % 17) / 17),\(Double($0 % 5) / 5 + Double($0) / 1000)" }.joined(separator: "\n") + "\n")
            .write(toFile: data, atomically: true, encoding: .utf8)
        let narrow = try SweepHarness.specification("datasets: [{name: d, train: \(data)}]\nmodels: [maf]\ngrid: {hidden: [[1], [16]]}\n", folder: folder)
        let refused = try #require(CLIHarness.failure(["sweep", narrow, "--output", output, "--dry-run"]))
        #expect(refused.message.contains("1 of the sweep's 2 runs cannot start") && refused.message.contains("key \"hidden\": ")
                && refused.message.contains("at least the data dimension 2 (1 run: d_maf_hidden-1_seed0)"), "\(refused)")
    }
}
