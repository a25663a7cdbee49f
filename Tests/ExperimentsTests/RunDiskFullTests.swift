import Foundation
import Testing
import Tensors
import Flows
@testable import Checkpoints
@testable import Runs
@testable import Training

/// A full disk (ENOSPC) at each file a run writes: training stops with an error naming the file, the
/// operation and the system's reason (never a roll-back, never a silent loss), the folder stays
/// consistent, and `--resume` on a disk with space again gives the uninterrupted run.
struct RunDiskFullTests {
    enum Target: String, CaseIterable { case metrics, best, latest, summary }

    static func path(of target: Target, in folder: RunFolder) -> String {
        switch target {
        case .metrics: return folder.metricsPath
        case .best: return folder.bestCheckpointPath
        case .latest: return folder.latestCheckpointPath
        case .summary: return folder.summaryPath
        }
    }

    @Test(arguments: Target.allCases)
    func aFullDiskNamesTheFileAndResumeRecovers(target: Target) throws {
        let straight = try RunFaultFixtures.straightRun("enospc-straight-\(target)")
        var folder = RunFolder(path: ExperimentFixtures.scratchFolder("enospc-\(target)"))
        let failing = Self.path(of: target, in: folder)
        let writes = FaultCounter()
        // The disk fills up at a later write of the file: metrics.jsonl is written at the start and once per
        // epoch, best.safetensors at epochs 1 and 2 (which improve), summary.json once.
        let failAt = [Target.metrics: 3, .best: 2, .latest: 3, .summary: 1][target] ?? 1
        folder.hooks = RunFolderHooks(writeError: { path in
            guard path == failing else { return nil }
            return writes.next() >= failAt ? ENOSPC : nil
        })
        let log = RecordingLog()
        do {
            try Trainer(configuration: RunFaultFixtures.configuration, dataset: try RunFaultFixtures.dataset(), run: folder, log: log).train()
            Issue.record("a full disk must stop training")
        } catch let error as CheckpointError {
            guard case .unwritable(let path, let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(path == failing)
            #expect(reason.contains("No space left on device"))
            #expect(error.description.contains(failing))
        }
        // No torn line, no temporary file; the lines are exactly the committed epochs (or one more).
        let (records, warnings) = try folder.readMetricsRepairing()
        #expect(warnings.isEmpty)
        #expect(records.map(\.epoch) == Array(0..<records.count).map { $0 + 1 })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.checkpointsPath).allSatisfy { !$0.hasSuffix(".tmp") })

        folder.hooks = RunFolderHooks()
        try Trainer(configuration: RunFaultFixtures.configuration, dataset: try RunFaultFixtures.dataset(), run: folder).train(resuming: true)
        try RunFaultFixtures.expectSameRun(folder, as: straight)
    }

    @Test func aFailedAppendLeavesTheFileAsItWas() throws {
        let directory = ExperimentFixtures.scratchFolder("append")
        let path = (directory as NSString).appendingPathComponent("log.jsonl")
        try RunFiles.append(Array("one\n".utf8), to: path)
        #expect(throws: CheckpointError.unwritable(path: path, reason: "cannot append to it: No space left on device")) {
            try RunFiles.append(Array("two\n".utf8), to: path, simulatedError: ENOSPC)
        }
        try RunFiles.append(Array("three\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\nthree\n")
    }

    /// The real thing: Linux's /dev/full fails every write with ENOSPC.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"))) func aRealFullDeviceGivesTheSystemsReason() {
        #expect(throws: CheckpointError.unwritable(path: "/dev/full", reason: "cannot append to it: No space left on device")) {
            try RunFiles.append(Array("line\n".utf8), to: "/dev/full")
        }
    }
}
