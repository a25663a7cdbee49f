import Foundation
import Testing
import Sweeps
@testable import CLI

/// A sweep started again with a changed specification: more epochs extend its finished runs; any other
/// changed value of a started run is refused.
struct SweepExtensionTests {
    /// A specification of the two tiny runs in `folder` (created).
    private static func specification(epochs: Int, learningRate: Double = 0.001, folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try SweepHarness.specification("""
            datasets: [2uniforms]
            models: [maf, lgf-maf]
            seeds: [0]
            \(SweepHarness.tinySettings)
              learning-rate: \(learningRate)
              epochs: \(epochs)
            """, folder: folder)
    }

    private static func sweep(_ spec: String, into output: String) throws {
        try CLIHarness.run(["sweep", spec, "--output", output, "--jobs", "2", "--executable", SweepHarness.executable, "--json"])
    }

    @Test func moreEpochsExtendFinishedRunsExactlyAsIfTrainedStraightThrough() throws {
        let folder = CLIHarness.scratchFolder("sweep-extension")
        let extended = (folder as NSString).appendingPathComponent("extended")
        let straight = (folder as NSString).appendingPathComponent("straight")
        let short = try Self.specification(epochs: 3, folder: (folder as NSString).appendingPathComponent("short"))
        let long = try Self.specification(epochs: 5, folder: (folder as NSString).appendingPathComponent("long"))
        try Self.sweep(short, into: extended)
        let ledger = SweepLedger(root: extended), reference = SweepLedger(root: straight)
        // Before the longer sweep: each run, planned by it, is due two more epochs.
        for run in try SweepSpecification.read(path: long).runs(path: long) {
            #expect(ledger.status(of: run) == .resumable(epochs: 3))
            #expect(try ledger.extensionArguments(of: run) == ["--epochs", "5"])
            #expect(try ledger.maximumEpochs(of: run) == 5)
        }
        try Self.sweep(long, into: extended)
        try Self.sweep(long, into: straight)
        let runs = try #require(try ledger.readPlan()?.runs)
        #expect(runs.count == 2)
        for run in runs {
            #expect(ledger.status(of: run) == .finished)
            #expect(try ledger.extensionArguments(of: run).isEmpty)
            let metrics = try ledger.folder(of: run).readMetrics()
            #expect(metrics.map(\.epoch) == Array(1...5))
            #expect(try ledger.folder(of: run).readConfiguration().training.maximumEpochs == 5)
            // The same epochs, bit for bit, as a run trained to 5 epochs in one go.
            let uninterrupted = try reference.folder(of: run).readMetrics()
            #expect(metrics.map(\.validation) == uninterrupted.map(\.validation))
            #expect(metrics.map(\.trainObjective) == uninterrupted.map(\.trainObjective))
            let launches = SweepHarness.launches(of: run.id, in: extended)
            #expect(launches.starts == 1 && launches.resumes == 1)
        }
        // Started again with the same specification, and with fewer epochs, nothing more is trained.
        try Self.sweep(long, into: extended)
        try Self.sweep(short, into: extended)
        for run in runs {
            #expect(SweepHarness.launches(of: run.id, in: extended).resumes == 1)
            #expect(try ledger.folder(of: run).readMetrics().count == 5)
        }
    }

    @Test func anotherValueForAStartedRunIsRefusedNamingTheRunAndTheKey() throws {
        let folder = CLIHarness.scratchFolder("sweep-changed")
        let output = (folder as NSString).appendingPathComponent("out")
        let first = try Self.specification(epochs: 2, folder: (folder as NSString).appendingPathComponent("first"))
        let changed = try Self.specification(epochs: 4, learningRate: 0.002, folder: (folder as NSString).appendingPathComponent("changed"))
        try Self.sweep(first, into: output)
        let ledger = SweepLedger(root: output)
        let before = try #require(try ledger.readPlan())
        let failure = try #require(CLIHarness.failure(["sweep", changed, "--output", output, "--executable", SweepHarness.executable]))
        #expect(failure.exitCode != 0)
        #expect(failure.message.contains("/2uniforms_maf_seed0 was trained with other values of learning-rate than the specification now gives "
                                         + "(and 1 more started run of this sweep)"), "\(failure)")
        #expect(!failure.message.contains("epochs,"))
        // Nothing was written or trained: the plan and the runs are as the first sweep left them.
        #expect(try ledger.readPlan() == before)
        for run in before.runs {
            #expect(try ledger.folder(of: run).readMetrics().count == 2)
            #expect(SweepHarness.launches(of: run.id, in: output).resumes == 0)
        }
    }
}
