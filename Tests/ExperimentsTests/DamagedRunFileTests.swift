import Foundation
import Testing
import Checkpoints
import Configurations
@testable import Reports
@testable import Runs
@testable import Sweeps

/// A run file that is there but damaged is an error naming it, never "nothing there": a sweep's run with a damaged
/// configuration or summary is failed with the file in its reason (and its other runs go on), a report stops on a
/// damaged summary, a damaged failure record is named. Only the report's cache treats a damaged entry as absent,
/// and computes it again.
struct DamagedRunFileTests {
    static let damagedJSON = Data("{\"epochs\": 3, \"run\":".utf8)

    /// A sweep of two tiny runs in a fresh folder, the first with a configuration written as `lgf train` does.
    static func sweep(_ name: String) throws -> (SweepLedger, [SweepRun]) {
        let folder = ExperimentFixtures.scratchFolder(name)
        let spec = (folder as NSString).appendingPathComponent("spec.yaml")
        try "datasets: [2uniforms]\nmodels: [maf, lgf-maf]\nsettings: {epochs: 3}\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let runs = try SweepSpecification.read(path: spec).runs(path: spec)
        let ledger = SweepLedger(root: (folder as NSString).appendingPathComponent("out"))
        try ledger.prepare(name: "damaged", runs: runs)
        let run = ledger.folder(of: runs[0])
        try run.create()
        try run.writeConfiguration(ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 3), runID: RunIdentity.newID())
        return (ledger, runs)
    }

    /// The run's status is failed, its reason naming `path`.
    static func expectFailed(_ status: SweepRunStatus, naming path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .failed(let failure) = status else {
            Issue.record("expected failed, got \(status)", sourceLocation: sourceLocation)
            return
        }
        #expect(failure.reason.contains(path), "\(failure.reason)", sourceLocation: sourceLocation)
    }

    /// A finished run's configuration is read to see whether the plan extends it: damaged, the run is failed.
    @Test func aDamagedConfigurationFailsItsRunNamingTheFileAndNotTheOthers() throws {
        let (ledger, runs) = try Self.sweep("damaged-configuration")
        let folder = ledger.folder(of: runs[0])
        try folder.writeSummary(TrainingSummary(run: folder.path, epochs: 3, bestValidation: -2, bestEpoch: 3, ending: .completed, recoveries: 0, parameters: 10))
        #expect(try ledger.status(of: runs[0]) == .finished && ledger.maximumEpochs(of: runs[0]) == 3)
        try Self.damagedJSON.write(to: URL(fileURLWithPath: folder.configurationPath))
        Self.expectFailed(ledger.status(of: runs[0]), naming: folder.configurationPath)
        #expect(throws: ExperimentError.self) { try ledger.maximumEpochs(of: runs[0]) }
        #expect(throws: ExperimentError.self) { try ledger.extensionArguments(of: runs[0]) }
        #expect(ledger.status(of: runs[1]) == .fresh)
        #expect(try ledger.maximumEpochs(of: runs[1]) == nil)   // not started: no configuration, which is no error
    }

    @Test func aDamagedSummaryFailsItsRunAndStopsAReportNamingTheFile() throws {
        let (ledger, runs) = try Self.sweep("damaged-summary")
        let folder = ledger.folder(of: runs[0])
        try folder.writeMetrics([EpochRecord(epoch: 1, trainObjective: -2, validation: -2, seconds: 1, learningRate: 1e-3)])
        try Self.damagedJSON.write(to: URL(fileURLWithPath: folder.summaryPath))
        Self.expectFailed(ledger.status(of: runs[0]), naming: folder.summaryPath)
        #expect { try folder.readSummary() } throws: { error in
            guard case ExperimentError.corruptRun(let path, _) = error else { return false }
            return path == folder.summaryPath
        }
        do {
            _ = try ReportRun.discover(in: ledger.root)
            Issue.record("a report over a damaged summary.json went on")
        } catch {
            #expect("\(error)".contains(folder.summaryPath), "\(error)")
        }
        // A missing summary is a run that has not ended, which is no error.
        try FileManager.default.removeItem(atPath: folder.summaryPath)
        #expect(try folder.readSummary() == nil)
        #expect(try ReportRun.discover(in: ledger.root).first?.summary == nil)
    }

    @Test func aDamagedFailureRecordIsNamed() throws {
        let (ledger, runs) = try Self.sweep("damaged-failure")
        let path = ledger.failureFile(of: runs[1])
        try Self.damagedJSON.write(to: URL(fileURLWithPath: path))
        Self.expectFailed(ledger.status(of: runs[1]), naming: path)
        #expect(throws: SweepError.self) { try ledger.readFailure(of: runs[1]) }
        #expect(try ledger.readFailure(of: runs[0]) == nil)
    }

    @Test func aDamagedPlanIsAnErrorAndAMissingOneNoSweep() throws {
        let (ledger, _) = try Self.sweep("damaged-plan")
        try Self.damagedJSON.write(to: URL(fileURLWithPath: ledger.planPath))
        #expect(throws: SweepError.self) { try ledger.readPlan() }
        #expect(try SweepLedger(root: ExperimentFixtures.scratchFolder("no-plan")).readPlan() == nil)
    }

    /// The cache of test evaluations is derived data: a damaged entry is read as none and computed again.
    @Test func aDamagedCacheEntryIsComputedAgain() throws {
        let path = (ExperimentFixtures.scratchFolder("damaged-cache") as NSString).appendingPathComponent("test-K5-seed0.json")
        #expect(try CachedEvaluation.stored(at: path) == nil)
        try Self.damagedJSON.write(to: URL(fileURLWithPath: path))
        #expect(try CachedEvaluation.stored(at: path) == nil)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(throws: CheckpointError.self) { try CachedEvaluation.stored(at: path) }   // there, but not readable as a file
    }
}
