import Foundation
import Testing
@testable import CLI
@testable import Checkpoints
@testable import Runs
import Datasets
import SeededRandom

/// SIGTERM and SIGINT sent to a real `lgf train` process (the binary built beside the test runner):
/// the first stops after the epoch in progress with its files written and exits 143 or 130; a second
/// exits at once; either way `--resume` continues to the same end as an uninterrupted run. The process is paused at a
/// write point (`LGF_PAUSE_AT`) while it is signalled, so where each signal lands is an event, not a race.
@Suite(.enabled(if: LGFBinary.path != nil, "needs the lgf binary beside the test runner (swift build --build-tests)"))
struct SignalTests {
    static var binary: String? { LGFBinary.path }

    /// The notice the first signal's handler writes on standard error.
    static let firstSignalNotice = "Stopping after the current epoch"

    /// 300 points of a 2-D file, so an epoch of the tiny model takes about a millisecond.
    static func smallDataFile() -> String {
        var generator = SplitMix64(seed: 5)
        let rows = (0..<300).map { _ in "\(generator.nextUnitUniform()),\(generator.nextUnitUniform() * 2)" }
        return BadInputTests.file("small.csv", "x,y\n" + rows.joined(separator: "\n") + "\n")
    }

    /// How a signalled training process ended.
    struct Ending {
        var reason: Process.TerminationReason
        var status: Int32
        var errors: String
    }

    /// Starts `lgf train`, waits for it to pause at `point` of epoch 1, sends `signals` one after another (each once
    /// the process has written the first one's notice), lets it go on when `resuming`, and waits for its end.
    static func trainAndSignal(_ signals: [Int32], pausingAt point: RunWritePoint, resuming: Bool, output: String, data: String,
                               epochs: Int) throws -> Ending {
        let channel = try PauseChannel(folder: (output as NSString).deletingLastPathComponent)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(binary))
        process.arguments = ["train", "--train-file", data, "--model", "maf", "--epochs", String(epochs), "--batch-size", "100",
                             "--output", output] + CLIHarness.tinyModel
        process.environment = channel.environment(pausingAt: point, epoch: 1)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var log = ""
        let paused = try #require(channel.waitForPauses(watching: errors.fileHandleForReading, log: &log), "exited without pausing: \(log)")
        #expect(paused == [process.processIdentifier])
        for number in signals {
            kill(process.processIdentifier, number)
            #expect(PauseChannel.read(errors.fileHandleForReading, into: &log, until: firstSignalNotice), "\(log)")
        }
        if resuming { channel.resume(process.processIdentifier) }
        process.waitUntilExit()
        log += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Ending(reason: process.terminationReason, status: process.terminationStatus, errors: log)
    }

    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func aSignalStopsAfterTheEpochWithItsFilesAndItsExitCode(signal: Int32, expected: Int32) throws {
        let output = (CLIHarness.scratchFolder("signal-\(signal)") as NSString).appendingPathComponent("run")
        let data = Self.smallDataFile()
        let ending = try Self.trainAndSignal([signal], pausingAt: .afterLatestCheckpoint, resuming: true, output: output, data: data, epochs: 400)
        #expect(ending.reason == .exit && ending.status == expected, "\(ending.errors)")
        let folder = RunFolder(path: output)
        let summary = try JSONDecoder().decode(TrainingSummary.self, from: Data(contentsOf: URL(fileURLWithPath: folder.summaryPath)))
        #expect(summary.ending == .interrupted && summary.epochs >= 1 && summary.epochs < 400)
        #expect(try folder.readMetrics().map(\.epoch) == Array(1...summary.epochs))
        let progress = try #require(try Checkpoint.load(from: folder.latestCheckpointPath).metadata["progress"])
        let counters = try #require(try JSONSerialization.jsonObject(with: Data(progress.utf8)) as? [String: Any])
        #expect(counters["epoch"] as? Int == summary.epochs)
    }

    /// The second SIGINT arrives while the first epoch is computed but nothing of it is written: the process exits at
    /// once with 130 (128 + SIGINT) from its handler, so the epoch is lost (no metrics line, no checkpoint, no summary),
    /// where a clean stop would have written all three.
    @Test func aSecondSignalExitsAtOnceAndResumeCompletesTheRun() throws {
        let output = (CLIHarness.scratchFolder("signal-twice") as NSString).appendingPathComponent("run")
        let data = Self.smallDataFile()
        let ending = try Self.trainAndSignal([SIGINT, SIGINT], pausingAt: .beforeMetricsLine, resuming: false, output: output, data: data, epochs: 20)
        #expect(ending.reason == .exit && ending.status == 130, "\(ending.errors)")
        let folder = RunFolder(path: output)
        #expect(try folder.readMetrics().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.latestCheckpointPath) && !FileManager.default.fileExists(atPath: folder.summaryPath))
        #expect(!ending.errors.contains("Stopped by signal"), "the clean stop's message: \(ending.errors)")
        try CLIHarness.run(["train", "--output", output, "--resume"])
        let straight = (CLIHarness.scratchFolder("signal-straight") as NSString).appendingPathComponent("run")
        try CLIHarness.run(["train", "--train-file", data, "--model", "maf", "--epochs", "20", "--batch-size", "100", "--output", straight] + CLIHarness.tinyModel)
        let timeless = { (path: String) in try RunFolder(path: path).readMetrics().map { record -> EpochRecord in var record = record; record.seconds = 0; return record } }
        #expect(try timeless(output) == timeless(straight))
    }
}


/// `lgf`, next to the test bundle in the build products folder.
enum LGFBinary {
    static var path: String? {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [products, products.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("lgf").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// SIGKILL at each write point of an epoch of a real `lgf train` (`LGF_KILL_AT`), then `--resume`: the
/// run ends as an uninterrupted one does.
@Suite(.enabled(if: LGFBinary.path != nil, "needs the lgf binary beside the test runner (swift build --build-tests)"))
struct KillTests {
    @Test(arguments: RunWritePoint.allCases)
    func aRealKillAtAWritePointThenResumeGivesTheUninterruptedRun(point: RunWritePoint) throws {
        let data = SignalTests.smallDataFile()
        let flags = ["--train-file", data, "--model", "maf", "--epochs", "3", "--batch-size", "100"] + CLIHarness.tinyModel
        let output = (CLIHarness.scratchFolder("sigkill-\(point)") as NSString).appendingPathComponent("run")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(LGFBinary.path))
        process.arguments = ["train", "--output", output] + flags
        process.environment = ProcessInfo.processInfo.environment.merging([KillPoint.variable: "\(point.rawValue):1"]) { $1 }
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        try CLIHarness.run(["train", "--output", output, "--resume"])
        let straight = (CLIHarness.scratchFolder("sigkill-straight-\(point)") as NSString).appendingPathComponent("run")
        try CLIHarness.run(["train", "--output", straight] + flags)
        let timeless = { (path: String) in try RunFolder(path: path).readMetrics().map { record -> EpochRecord in var record = record; record.seconds = 0; return record } }
        #expect(try timeless(output) == timeless(straight) && timeless(output).count == 3)
    }

    @Test func aMalformedPausePointIsRefused() throws {
        #expect(throws: (any Error).self) { try PausePoint.hooks(from: [PausePoint.variable: "after-metrics-line:1"]) }
        #expect(throws: (any Error).self) { try PausePoint.hooks(from: [PausePoint.variable: "somewhere:1:/tmp/pipe"]) }
        #expect(try PausePoint.hooks(from: [PausePoint.variable: "after-metrics-line:2:/tmp/pipe"]) != nil)
        #expect(try PausePoint.hooks(from: [:]) == nil)
    }

    @Test func aMalformedKillPointIsRefused() throws {
        #expect(throws: (any Error).self) { try KillPoint.hooks(from: [KillPoint.variable: "somewhere:1"]) }
        #expect(throws: (any Error).self) { try KillPoint.hooks(from: [KillPoint.variable: "after-metrics-line:0"]) }
        #expect(try KillPoint.hooks(from: [:]) == nil)
    }
}
