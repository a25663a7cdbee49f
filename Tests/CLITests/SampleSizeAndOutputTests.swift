import Foundation
import Testing
@testable import CLI
import Runs

/// Counts that once ended in a signal, and output paths that once replaced the files a command read: each is refused
/// with exit 1 before anything is drawn or written, naming the count or the file.
struct SampleSizeAndOutputTests {
    static func output(_ name: String) -> String { (CLIHarness.scratchFolder("sample-size") as NSString).appendingPathComponent(name) }

    /// `--count 9223372036854775807` trapped on an overflow (SIGILL) and `--count 100000000000` was killed by malloc
    /// (SIGABRT); both are refused by the memory limit with the estimate, and nothing is written.
    @Test(arguments: ["9223372036854775807", "100000000000"])
    func aHugeSampleCountIsRefusedByTheMemoryLimit(count: String) throws {
        let run = try RunFolderDefenceTests.trainedRun(seed: 3)
        let path = Self.output("huge-\(count).csv")
        let refused = try #require(CLIHarness.failure(["sample", run, "--count", count, "--output", path]))
        #expect(refused.exitCode == 1 && refused.message.contains("drawing \(count) samples of dimension 2")
                && refused.message.contains("GiB") && refused.message.contains("--memory-limit"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// Samples are drawn in batches of `LoadedRun.sampleBatchSize`: a count past one batch gives every row, distinct draws
    /// across the batch boundary.
    @Test func countsBeyondOneBatchAreDrawnInFull() throws {
        let run = try RunFolderDefenceTests.trainedRun(seed: 3)
        let path = Self.output("batches.csv")
        let count = LoadedRun.sampleBatchSize + 7
        try CLIHarness.run(["sample", run, "--count", String(count), "--output", path])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == count + 1)
        #expect(lines[LoadedRun.sampleBatchSize] != lines[LoadedRun.sampleBatchSize + 1])
    }

    /// An image run's `--grid 100000x100000` was killed by malloc, and a grid whose product overflows trapped.
    @Test func aHugeImageGridIsRefused() throws {
        let data = try ImageCLITests.imageFile("sample-size-images", count: 40)
        let run = UserDataFiles.runFolder("sample-size-image-run")
        try CLIHarness.run(["train", "--data", data, "--model", "realnvp", "--epochs", "1", "--output", run] + ImageCLITests.tinyImageModel)
        let grid = Self.output("grid.png")
        let refused = try #require(CLIHarness.failure(["sample", run, "--grid", "100000x100000", "--output", grid]))
        #expect(refused.exitCode == 1 && refused.message.contains("drawing 10000000000 images of 1×4×4") && refused.message.contains("--memory-limit"),
                "\(refused)")
        let overflowing = try #require(CLIHarness.failure(["sample", run, "--grid", "3037000500x3037000500", "--output", grid]))
        #expect(overflowing.exitCode == 64 && overflowing.message.contains("--grid"), "\(overflowing)")
        #expect(!FileManager.default.fileExists(atPath: grid))
    }

    /// `sample -o RUN/configuration.json` replaced the run's configuration by samples, `evaluate --per-point` the test
    /// file it scored, `plot -o` the metrics: an output that is a file the command reads is refused, however spelled.
    @Test func anOutputThatIsAFileTheCommandReadsIsRefusedAndKept() throws {
        let run = try RunFolderDefenceTests.trainedRun(seed: 3)
        let test = Self.output("test.csv")
        try Data("x,y\n0.1,0.2\n0.3,0.4\n".utf8).write(to: URL(fileURLWithPath: test))
        let cases: [(arguments: [String], file: String, named: String)] = [
            (["sample", run, "--count", "3", "--output", run + "/configuration.json"], run + "/configuration.json", "the run's configuration"),
            (["sample", run, "--count", "3", "--output", run + "/./checkpoints/../checkpoints/best.safetensors"], run + "/checkpoints/best.safetensors",
             "a checkpoint of the run"),
            (["evaluate", run, "--test-file", test, "--per-point", test], test, "the test file (--test-file)"),
            (["evaluate", run, "--per-point", run + "/summary.json"], run + "/summary.json", "the run's summary"),
            (["plot", run, "--output", run + "/metrics.jsonl"], run + "/metrics.jsonl", "the run's metrics"),
            (["plot", run, "--output", Self.output("density.png"), "--curves", run + "/metrics.jsonl"], run + "/metrics.jsonl", "the run's metrics"),
        ]
        for (arguments, file, named) in cases {
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            let refused = try #require(CLIHarness.failure(arguments))
            #expect(refused.exitCode == 1 && refused.message.contains(named) && refused.message.contains("nothing was written"), "\(arguments): \(refused)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before, "\(arguments)")
        }
        try CLIHarness.run(["evaluate", run, "--json"])
        // A link to a kept file is the same file.
        let link = Self.output("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: run + "/configuration.json")
        #expect(CLIHarness.failure(["sample", run, "--count", "3", "--output", link])?.message.contains("the run's configuration") == true)
    }
}
