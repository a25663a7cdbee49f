import Foundation
import Testing
import Tensors
import Flows
@testable import Configurations
@testable import Runs

/// Kills at every write boundary of an epoch (`RunWritePoint`), then `--resume`: the folder must end up
/// exactly as an uninterrupted run leaves it, no epoch's record lost or repeated.
struct RunKillTests {
    static let killPoints: [(RunWritePoint, Int)] = RunWritePoint.allCases.flatMap { point in (1...3).map { (point, $0) } }

    @Test(arguments: killPoints)
    func aKillAtAnyWritePointThenResumeGivesTheUninterruptedRun(point: RunWritePoint, epoch: Int) throws {
        let straight = try RunFaultFixtures.straightRun("kill-straight-\(point)-\(epoch)")
        var folder = RunFolder(path: ExperimentFixtures.scratchFolder("kill-\(point)-\(epoch)"))
        folder.hooks = RunFolderHooks(atPoint: { reached, reachedEpoch in
            if reached == point && reachedEpoch == epoch { throw SimulatedKill(point: point, epoch: epoch) }
        })
        let kill = try RunFaultFixtures.train(folder, resuming: false)
        // The best checkpoint is written only when an epoch improves; every other point is always reached.
        if point != .afterBestCheckpoint || epoch == 1 { #expect(kill == SimulatedKill(point: point, epoch: epoch)) }
        folder.hooks = RunFolderHooks()
        let log = RecordingLog()
        #expect(try RunFaultFixtures.train(folder, resuming: true, log: log) == nil)
        try RunFaultFixtures.expectSameRun(folder, as: straight)
    }

    /// One run killed at every boundary in turn: each attempt passes the boundaries already killed at and
    /// dies at the next one, until an attempt completes.
    @Test func killedAtEveryBoundaryInTurnStillMatches() throws {
        let straight = try RunFaultFixtures.straightRun("chain-straight")
        var folder = RunFolder(path: ExperimentFixtures.scratchFolder("chain"))
        let killed = KilledBoundaries()
        folder.hooks = RunFolderHooks(atPoint: { point, epoch in
            if killed.insert(SimulatedKill(point: point, epoch: epoch)) { throw SimulatedKill(point: point, epoch: epoch) }
        })
        var attempts = 0
        var resuming = false
        while try RunFaultFixtures.train(folder, resuming: resuming) != nil {
            attempts += 1
            resuming = true
            guard attempts < 40 else { Issue.record("the chain of kills must end"); return }
        }
        // Three boundaries per epoch, and a fourth in every epoch that improved (at least the first).
        #expect(attempts == killed.count && attempts >= 3 * RunFaultFixtures.epochs + 1)
        #expect(killed.contains(SimulatedKill(point: .afterBestCheckpoint, epoch: 1)))
        for epoch in 1...RunFaultFixtures.epochs {
            for point in [RunWritePoint.beforeMetricsLine, .afterMetricsLine, .afterLatestCheckpoint] {
                #expect(killed.contains(SimulatedKill(point: point, epoch: epoch)))
            }
        }
        try RunFaultFixtures.expectSameRun(folder, as: straight)
    }

    @Test func resumingAFolderWithoutACheckpointStartsAfresh() throws {
        let straight = try RunFaultFixtures.straightRun("afresh-straight")
        let empty = RunFolder(path: ExperimentFixtures.scratchFolder("afresh-empty"))
        let log = RecordingLog()
        #expect(try RunFaultFixtures.train(empty, resuming: true, log: log) == nil)
        #expect(log.warnings.contains { $0.contains("afresh") })
        try RunFaultFixtures.expectSameRun(empty, as: straight)
    }

    @Test func strayTemporaryFilesAreRemovedOnStart() throws {
        let straight = try RunFaultFixtures.straightRun("stray-straight")
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("stray"))
        let log = RecordingLog()
        log.stopAfterEpoch = 2
        try RunFaultFixtures.train(folder, resuming: false, log: log)
        // What a kill during an atomic write leaves: a half-written temporary file beside the checkpoint.
        let stray = (folder.checkpointsPath as NSString).appendingPathComponent(".best.safetensors.5eed.tmp")
        #expect(FileManager.default.createFile(atPath: stray, contents: Data([1, 2, 3])))
        let resumeLog = RecordingLog()
        try RunFaultFixtures.train(folder, resuming: true, log: resumeLog)
        #expect(!FileManager.default.fileExists(atPath: stray))
        #expect(resumeLog.warnings.contains { $0.contains(".best.safetensors.5eed.tmp") })
        try RunFaultFixtures.expectSameRun(folder, as: straight)
    }

    @Test(arguments: ["{\"epoch\":3,\"learn", "", "garbage"])
    func aTornOrEmptiedMetricsFileIsRepairedFromTheCheckpoint(damage: String) throws {
        let straight = try RunFaultFixtures.straightRun("torn-straight-\(damage.count)")
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("torn-\(damage.count)"))
        let log = RecordingLog()
        log.stopAfterEpoch = 2
        try RunFaultFixtures.train(folder, resuming: false, log: log)
        let lines = try String(contentsOfFile: folder.metricsPath, encoding: .utf8)
        // A torn last line after the good ones, or the whole file emptied, or replaced by a partial line.
        let damaged = damage.hasPrefix("{") ? lines + damage : damage
        try Data(damaged.utf8).write(to: URL(fileURLWithPath: folder.metricsPath))
        let resumeLog = RecordingLog()
        try RunFaultFixtures.train(folder, resuming: true, log: resumeLog)
        #expect(!resumeLog.warnings.isEmpty, "the repair must be reported")
        try RunFaultFixtures.expectSameRun(folder, as: straight)
    }

    @Test func aDamagedLineBeforeTheLastIsAnErrorNamingIt() throws {
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("damaged-middle"))
        let log = RecordingLog()
        log.stopAfterEpoch = 2
        try RunFaultFixtures.train(folder, resuming: false, log: log)
        try Data("not a record\n{\"epoch\":2}\n".utf8).write(to: URL(fileURLWithPath: folder.metricsPath))
        #expect(throws: ExperimentError.configurationFile(path: folder.metricsPath, reason: "line 1 is not an epoch record (the file is damaged)")) {
            try RunFaultFixtures.train(folder, resuming: true)
        }
    }
}
