import Foundation
import Testing
@testable import CLI
@testable import Checkpoints
@testable import Runs
import Datasets
import SeededRandom

/// SIGTERM and SIGINT sent to a real `lgf train` process (the binary built beside the test runner):
/// the first stops after the epoch in progress with its files written and exits 143 or 130; a second
/// exits at once; either way `--resume` continues to the same end as an uninterrupted run.
@Suite(.enabled(if: LGFBinary.path != nil, "needs the lgf binary beside the test runner (swift build --build-tests)"))
struct SignalTests {
    static var binary: String? { LGFBinary.path }


    /// 300 points of a 2-D file, so an epoch of the tiny model takes about a millisecond.
    static func smallDataFile() -> String {
        var generator = SplitMix64(seed: 5)
        let rows = (0..<300).map { _ in "\(generator.nextUnitUniform()),\(generator.nextUnitUniform() * 2)" }
        return BadInputTests.file("small.csv", "x,y\n" + rows.joined(separator: "\n") + "\n")
    }

    /// Starts `lgf train`, waits for its first epoch line on standard error, sends `signals` (one after
    /// another), and returns the exit status.
    static func trainAndSignal(_ signals: [Int32], output: String, data: String, epochs: Int) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(binary))
        process.arguments = ["train", "--train-file", data, "--model", "maf", "--epochs", String(epochs), "--batch-size", "100",
                             "--output", output] + CLIHarness.tinyModel
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("epoch 1/") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        for number in signals { kill(process.processIdentifier, number) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func aSignalStopsAfterTheEpochWithItsFilesAndItsExitCode(signal: Int32, expected: Int32) throws {
        let output = (CLIHarness.scratchFolder("signal-\(signal)") as NSString).appendingPathComponent("run")
        let data = Self.smallDataFile()
        #expect(try Self.trainAndSignal([signal], output: output, data: data, epochs: 400) == expected)
        let folder = RunFolder(path: output)
        let summary = try JSONDecoder().decode(TrainingSummary.self, from: Data(contentsOf: URL(fileURLWithPath: folder.summaryPath)))
        #expect(summary.ending == .interrupted && summary.epochs >= 1 && summary.epochs < 400)
        #expect(try folder.readMetrics().map(\.epoch) == Array(1...summary.epochs))
        let progress = try #require(try Checkpoint.load(from: folder.latestCheckpointPath).metadata["progress"])
        let counters = try #require(try JSONSerialization.jsonObject(with: Data(progress.utf8)) as? [String: Any])
        #expect(counters["epoch"] as? Int == summary.epochs)
    }

    @Test func aSecondSignalExitsAtOnceAndResumeCompletesTheRun() throws {
        let output = (CLIHarness.scratchFolder("signal-twice") as NSString).appendingPathComponent("run")
        let data = Self.smallDataFile()
        let status = try Self.trainAndSignal([SIGINT, SIGINT], output: output, data: data, epochs: 20)
        // Usually the second signal lands before the epoch ends (130 at once); if the epoch ended first,
        // the clean stop also exits 130.
        #expect(status == 130)
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

    @Test func aMalformedKillPointIsRefused() throws {
        #expect(throws: (any Error).self) { try KillPoint.hooks(from: [KillPoint.variable: "somewhere:1"]) }
        #expect(throws: (any Error).self) { try KillPoint.hooks(from: [KillPoint.variable: "after-metrics-line:0"]) }
        #expect(try KillPoint.hooks(from: [:]) == nil)
    }
}
