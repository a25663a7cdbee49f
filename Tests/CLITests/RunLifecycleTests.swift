import Foundation
import Testing
import Configurations
import Runs
import Flows
import LocalisedFlows
import Tensors
@testable import CLI

/// `describe` without data files, `--resume` with more epochs, `--version`, output order when redirected,
/// and the two README commands sharing one build.
struct RunLifecycleTests {
    @Test func describeNeedsNoDataFileForTheNamedDatasets() throws {
        let empty = CLIHarness.scratchFolder("no-data")
        let (configuration, object, _) = try UserDataFiles.describedConfiguration(["--dataset", "miniboone", "--model", "lgf-maf", "--data-dir", empty])
        #expect(object["dimension"] as? Int == 43 && object["dataset"] as? String == "miniboone")
        let paper = PaperDefaults.configuration(dataset: "miniboone", dimension: 43, kind: .lgfMAF)
        #expect(configuration.model == paper.model)
        var generator = SplitMix64(seed: 0)
        #expect(object["parameters"] as? Int == (try ModelBuilder.build(paper.model, using: &generator)).parameterCount)
        // Training still needs the file, and says where it looked.
        BadInputTests.expectFailure(["train", "--dataset", "miniboone", "--data-dir", empty, "--output", UserDataFiles.runFolder("mb")],
                                    mentioning: ["miniboone/data.npy"])
    }

    @Test func resumeAcceptsMoreEpochsAndRefusesFlagsItWouldIgnore() throws {
        let run = UserDataFiles.runFolder("resume")
        try CLIHarness.run(["train", "--dataset", "2uniforms", "--model", "maf", "--epochs", "1", "--batch-size", "500", "--output", run] + CLIHarness.tinyModel)
        let resumed = try CLIHarness.run(["train", "--output", run, "--resume", "--epochs", "2"])
        #expect(resumed.output.contains("Resuming with up to 2 epochs (was 1)"))
        let folder = RunFolder(path: run)
        #expect(try folder.readMetrics().map(\.epoch) == [1, 2])
        #expect(try folder.readConfiguration().training.maximumEpochs == 2)

        BadInputTests.expectFailure(["train", "--output", run, "--resume", "--epochs", "3", "--learning-rate", "0.5", "--seed", "4"],
                                    mentioning: ["--learning-rate, --seed", "cannot change"])
        BadInputTests.expectFailure(["train", "--output", run, "--resume", "--epochs", "1"], mentioning: ["fewer than the 2 epochs"])
        #expect(try folder.readMetrics().map(\.epoch) == [1, 2])   // refused resumes change nothing
    }

    @Test func versionIsPrinted() throws {
        let failure = try #require(CLIHarness.failure(["--version"]))
        #expect(failure.exitCode == 0 && failure.message == LocalisedFlows.version)
    }

    /// The built `lgf` beside the test bundle, when the build made one.
    static var executable: String? {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lgf").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    @Test(.enabled(if: executable != nil))
    func redirectedOutputKeepsTheOrderItHappenedIn() throws {
        let folder = CLIHarness.scratchFolder("order")
        let logPath = (folder as NSString).appendingPathComponent("log.txt")
        #expect(FileManager.default.createFile(atPath: logPath, contents: nil))
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable ?? "")
        process.arguments = ["train", "--dataset", "2uniforms", "--model", "maf", "--epochs", "2", "--batch-size", "500",
                             "--output", (folder as NSString).appendingPathComponent("run")] + CLIHarness.tinyModel
        process.standardOutput = log   // stdout and stderr into one file, as `> log 2>&1` does
        process.standardError = log
        try process.run()
        process.waitUntilExit()
        try log.close()
        let text = String(decoding: try #require(FileManager.default.contents(atPath: logPath)), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        let training = try #require(text.range(of: "Training maf"))
        let firstEpoch = try #require(text.range(of: "maf epoch 1/2"))
        let finished = try #require(text.range(of: "Finished after 2 epochs"))
        #expect(training.lowerBound < firstEpoch.lowerBound && firstEpoch.lowerBound < finished.lowerBound)
    }

    @Test func theDemoAndTheTestsBuildWithTheSameFlags() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0 ..< 3 { root.deleteLastPathComponent() }
        func buildLine(_ script: String) throws -> String {
            let text = try String(contentsOf: root.appendingPathComponent("scripts/\(script)"), encoding: .utf8)
            return try #require(text.split(separator: "\n").first { $0.hasPrefix("swift ") }.map(String.init))
        }
        let flags = "-c release -Xswiftc -enable-testing"
        #expect(try buildLine("demo").contains("swift build \(flags) "))
        #expect(try buildLine("test").contains("swift test \(flags) "))
    }
}
