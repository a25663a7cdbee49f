import Foundation
import Testing
import ArgumentParser
@testable import CLI
@testable import Checkpoints
@testable import Configurations
@testable import Runs
import Datasets

/// Absurd settings are refused before anything is allocated, negative numbers reach the positivity
/// checks, and each kind of failure has its own exit code.
struct RobustnessCLITests {
    static func output(_ name: String) -> String { (CLIHarness.scratchFolder(name) as NSString).appendingPathComponent("run") }

    @Test(arguments: [["--learning-rate", "-1"], ["--epochs", "-1"], ["--batch-size", "-5"], ["--layers", "-2"], ["--patience", "-3"]])
    func negativeNumbersReachThePositivityChecks(flags: [String]) {
        BadInputTests.expectFailure(["train", "--dataset", "2uniforms", "--output", Self.output("negative")] + flags,
                                    mentioning: ["must be", flags[1]])
    }

    @Test(arguments: ["0", "-1", "100000"])
    func threadsOutsideOneToTheCoreCountAreRefused(threads: String) {
        for command in ["train", "evaluate"] {
            let arguments = command == "train" ? ["train", "--output", Self.output("threads")] : ["evaluate", Self.output("threads")]
            BadInputTests.expectFailure(arguments + ["--threads", threads], mentioning: ["--threads", "between 1 and \(ThreadsOption.maximum)"])
        }
    }

    /// One option group, one validation: every command that computes refuses more threads than cores.
    @Test(arguments: [["train"], ["evaluate", "run"], ["report", "runs"], ["bench", "core"], ["bench", "conv"],
                      ["bench", "train", "--dataset", "2d", "--model", "maf"], ["bench", "evaluate", "--dataset", "2d", "--model", "maf"]])
    func everyCommandThatComputesRefusesMoreThreadsThanCores(command: [String]) {
        BadInputTests.expectFailure(command + ["--threads", String(ThreadsOption.maximum + 1)],
                                    mentioning: ["--threads", "between 1 and \(ThreadsOption.maximum)"])
    }

    @Test(arguments: [["--hidden", "9223372036854775807"], ["--hidden", "100000,100000"], ["--layers", "1000000"]])
    func absurdSizesAreRefusedWithTheEstimateBeforeAllocating(flags: [String]) {
        for command in ["train", "describe"] {
            let arguments = [command, "--dataset", "2uniforms", "--model", "maf"] + (command == "train" ? ["--output", Self.output("huge")] : [])
            BadInputTests.expectFailure(arguments + flags, mentioning: ["parameters", "GiB", "above the limit of 8.00 GiB", "--memory-limit"])
        }
    }

    @Test func theMemoryLimitCanBeRaisedAndLowered() throws {
        // The Figure 1 MAF needs a few MiB: refused under a 0.001 GiB limit, accepted under the default.
        BadInputTests.expectFailure(["describe", "--dataset", "2uniforms", "--model", "maf", "--memory-limit", "0.001"], mentioning: ["0.00 GiB"])
        try CLIHarness.run(["describe", "--dataset", "2uniforms", "--model", "maf", "--json"])
        BadInputTests.expectFailure(["describe", "--memory-limit", "-1"], mentioning: ["--memory-limit"])
    }

    @Test func exitCodesSeparateInputIOCorruptionAndDivergence() {
        #expect(LGF.exitCode(for: ExperimentError.trainingDiverged(epoch: 1, recoveries: 3)).rawValue == 3)
        #expect(LGF.exitCode(for: CheckpointError.unwritable(path: "m", reason: "No space left on device")).rawValue == 74)
        #expect(LGF.exitCode(for: DatasetError.unreadable(path: "d", reason: "Permission denied")).rawValue == 74)
        #expect(LGF.exitCode(for: CheckpointError.checksumMismatch(source: "c", part: "tensor data", stored: "0", computed: "1")).rawValue == 65)
        #expect(LGF.exitCode(for: ExperimentError.corruptRun(path: "c", reason: "r")).rawValue == 65)
        #expect(LGF.exitCode(for: DatasetError.malformedValue(path: "d", line: 1, column: 1, text: "x")).rawValue == 1)
        #expect(LGF.exitCode(for: ValidationError("bad")).rawValue == 64)
        #expect(LGF.exitCode(for: ExitCode(143)).rawValue == 143)
    }

    @Test func aDamagedCheckpointIsRefusedByEvaluateWithExitCode65() throws {
        let run = Self.output("damaged")
        try CLIHarness.run(["train", "--dataset", "2uniforms", "--model", "maf", "--epochs", "1", "--output", run] + CLIHarness.tinyModel)
        let best = (run as NSString).appendingPathComponent("checkpoints/best.safetensors")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: best)))
        bytes[bytes.count - 3] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: best))
        let failure = try #require(CLIHarness.failure(["evaluate", run]))
        #expect(failure.exitCode == 65 && failure.message.contains(best) && failure.message.contains("CRC-32"))
        // The latest checkpoint is intact and still evaluates.
        try CLIHarness.run(["evaluate", run, "--checkpoint", "latest", "--json"])
    }

    /// `--resume` of a folder that is not a run (missing, empty, someone else's, without configuration.json) is refused
    /// with exit 1 and creates nothing: it never starts another run in its place (issue 29, failure 3).
    @Test func resumeOfAFolderThatIsNotARunIsRefusedAndCreatesNothing() throws {
        let run = Self.output("afresh")
        let flags = ["--dataset", "2uniforms", "--model", "maf", "--epochs", "1"] + CLIHarness.tinyModel
        let missing = try #require(CLIHarness.failure(["train", "--output", run, "--resume"] + flags))
        #expect(missing.exitCode == 1 && missing.message.contains("\(run) is not a run folder"), "\(missing)")
        #expect(!FileManager.default.fileExists(atPath: run))
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let empty = try #require(CLIHarness.failure(["train", "--output", run, "--resume"]))
        #expect(empty.exitCode == 1 && empty.message.contains("not a run folder"), "\(empty)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: run).isEmpty)
        try Data("someone's notes".utf8).write(to: URL(fileURLWithPath: run + "/notes.txt"))
        let foreign = try #require(CLIHarness.failure(["train", "--output", run, "--resume"]))
        #expect(foreign.exitCode == 1 && foreign.message.contains("configuration.json is missing"), "\(foreign)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: run) == ["notes.txt"])
    }

    @Test func duplicateKeysAndAliasBombsInConfigurationFilesAreErrors() {
        let yaml = BadInputTests.file("twice.yaml", "layers: 2\nepochs: 3\nlayers: 4\n")
        BadInputTests.expectFailure(["describe", "--config", yaml], mentioning: [yaml, "\"layers\" appears twice", "line 3"])
        let json = BadInputTests.file("twice.json", "{\"layers\": 2, \"layers\": 4}")
        BadInputTests.expectFailure(["describe", "--config", json], mentioning: [json, "duplicate key \"layers\""])
        var bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        for level in 1...12 { bomb += "l\(level): &l\(level) [" + Array(repeating: "*" + (level == 1 ? "a" : "l\(level - 1)"), count: 10).joined(separator: ", ") + "]\n" }
        let bombPath = BadInputTests.file("bomb.yaml", bomb)
        BadInputTests.expectFailure(["describe", "--config", bombPath], mentioning: [bombPath, "aliases"])
    }
}
