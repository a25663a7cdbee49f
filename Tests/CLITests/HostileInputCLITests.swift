import Foundation
import Testing
@testable import CLI
import Checkpoints

/// Inputs that crashed the tool in issue 29's campaign, through the command line: each ends in exit 1 naming the
/// file and the reason, never in a signal (which would end the test process).
struct HostileInputCLITests {
    static func file(_ name: String, _ text: String) throws -> String {
        let path = (CLIHarness.scratchFolder("hostile") as NSString).appendingPathComponent(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Failure 4: `x: [[[[…]]]]` 5,000 deep (10 KB) ended in signal 11 inside the YAML parser.
    @Test func deeplyNestedYAMLIsRefusedInConfigurationsAndSweeps() throws {
        let deep = "layers: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n"
        let config = try Self.file("deep.yaml", deep)
        let refused = try #require(CLIHarness.failure(["describe", "--dataset", "2uniforms", "--config", config]))
        #expect(refused.exitCode == 1 && refused.message.contains(config) && refused.message.contains("line 1"), "\(refused)")
        let spec = try Self.file("deep-sweep.yaml", "datasets: [2uniforms]\nmodels: [maf]\nseeds: " + String(repeating: "[", count: 5_000) + "\n")
        let sweep = try #require(CLIHarness.failure(["sweep", spec, "--output", CLIHarness.scratchFolder("hostile-sweep")]))
        #expect(sweep.exitCode == 1 && sweep.message.contains(spec) && sweep.message.contains("line 3"), "\(sweep)")
    }

    /// Minor items: `learning-rate: null` silently meant the default; a complex key was quoted as a parser dump.
    @Test(arguments: [("learning-rate: null\n", "\"learning-rate\" (line 1) has no value"), ("learning-rate: ~\n", "has no value"),
                      ("? [a, b]\n: 1\n", "a key must be a name, found a list (line 1)"), ("{\"epochs\": null}", "\"epochs\" has no value")])
    func nullValuesAndComplexKeysAreNamed(text: String, message: String) throws {
        let config = try Self.file(text.hasPrefix("{") ? "case.json" : "case.yaml", text)
        let refused = try #require(CLIHarness.failure(["describe", "--dataset", "2uniforms", "--config", config]))
        #expect(refused.exitCode == 1 && refused.message.contains(message), "\(refused)")
    }

    /// Failure 5: a PNG whose header says 65536 × 65536 ended in SIGILL after 4.2 GB; it is refused by the memory limit
    /// before anything is allocated, and a lower limit refuses a folder whose stack alone would pass it.
    @Test func aHugePNGHeaderIsRefusedByTheMemoryLimit() throws {
        let folder = CLIHarness.scratchFolder("hostile-png")
        var png = ImageFolderCLITests.greyPNG(width: 4, height: 4, pixels: ArraySlice(repeating: 7, count: 16))
        for offset in [16, 20] { png.replaceSubrange(offset..<offset + 4, with: [0, 1, 0, 0]) }
        let crc = CRC32.checksum(png[12..<29])
        for k in 0..<4 { png[29 + k] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(k))) }
        try Data(png).write(to: URL(fileURLWithPath: folder + "/huge.png"))
        let refused = try #require(CLIHarness.failure(["describe", "--data", folder, "--model", "realnvp"]))
        #expect(refused.exitCode == 1 && refused.message.contains("huge.png") && refused.message.contains("65536 × 65536")
                && refused.message.contains("--memory-limit"), "\(refused)")
    }

    /// A minor item: `--validation-samples 999999999` ran for more than ten minutes with no estimate; an evaluation
    /// or a validation estimated above an hour is refused with the estimate and the override flag, which lets it run.
    @Test func evaluationsEstimatedAboveAnHourAreRefusedUnlessAllowed() throws {
        let run = (CLIHarness.scratchFolder("hostile-long") as NSString).appendingPathComponent("run")
        let flags = ["--dataset", "2uniforms", "--model", "lgf-maf", "--epochs", "1"] + CLIHarness.tinyModel
        let training = try #require(CLIHarness.failure(["train", "--output", run] + flags + ["--validation-samples", "999999999"]))
        #expect(training.exitCode == 1 && training.message.contains("each epoch's validation") && training.message.contains("--allow-long-evaluation"),
                "\(training)")
        #expect(!FileManager.default.fileExists(atPath: run + "/configuration.json"))
        try CLIHarness.run(["train", "--output", run] + flags)
        let evaluation = try #require(CLIHarness.failure(["evaluate", run, "--importance-samples", "999999999"]))
        #expect(evaluation.exitCode == 1 && evaluation.message.contains("hours") && evaluation.message.contains("--allow-long-evaluation"), "\(evaluation)")
        try CLIHarness.run(["evaluate", run, "--importance-samples", "5", "--json"])
    }

    /// A minor item: a relative --train-file broke `evaluate` from another directory; it is stored absolute.
    @Test(.enabled(if: LGFBinary.path != nil, "needs the lgf binary beside the test runner"))
    func aRelativeDataPathIsStoredAbsolute() throws {
        let folder = CLIHarness.scratchFolder("hostile-relative")
        let rows = (0..<200).map { "\(Double($0 % 17) / 17),\(Double($0 % 5) / 5 + Double($0) / 1000)" }
        try Data(("x,y\n" + rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/data.csv"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(LGFBinary.path))
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.arguments = ["train", "--train-file", "data.csv", "--model", "maf", "--epochs", "1", "--output", "run", "--json"] + CLIHarness.tinyModel
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let stored = try String(contentsOfFile: folder + "/run/configuration.json", encoding: .utf8).replacingOccurrences(of: "\\/", with: "/")
        #expect(stored.contains(URL(fileURLWithPath: folder + "/data.csv").standardizedFileURL.path), "\(stored)")
        // This process's working directory is not `folder`.
        try CLIHarness.run(["evaluate", folder + "/run", "--json"])
    }

    /// A count of one in a message reads in the singular: a one-row training file "has 1 rows" before.
    @Test func aCountOfOneIsSingular() throws {
        let train = try Self.file("one-row.csv", "a,b\n1,2\n")
        let refused = try #require(CLIHarness.failure(["describe", "--train-file", train]))
        #expect(refused.exitCode == 1 && refused.message.contains("\(train) has 1 row, but at least"), "\(refused)")
    }

    /// `--context-columns ''` (or only commas and blanks) trained an unconditional model without a word, and the same
    /// emptiness dropped nothing or declared nothing categorical: each is refused naming the flag and what it takes.
    @Test(arguments: [("--context-columns", ""), ("--context-columns", ", ,"), ("--drop-columns", ""), ("--drop-columns", " ,"),
                      ("--categorical-context", ""), ("--categorical-context", ","), ("--label-column", ""), ("--label-column", " ")])
    func aColumnFlagThatNamesNoColumnIsRefused(flag: String, value: String) throws {
        let train = try Self.file("columns.csv", "a,b,c\n" + (1...40).map { "\($0 % 3),\($0).5,\($0 * 7 % 13).25" }.joined(separator: "\n") + "\n")
        let refused = try #require(CLIHarness.failure(["describe", "--train-file", train, flag, value]))
        #expect(refused.exitCode == 64 && refused.message.contains("\(flag) \"\(value)\" names no column; expected")
                && refused.message.contains("1-based number"), "\(refused)")
        // Blanks around names are still allowed.
        try CLIHarness.run(["describe", "--train-file", train, flag, flag == "--label-column" ? " a " : " a , "])
    }

    /// `--categorical-context` on a continuous column listed every one of its hundreds of training values in the
    /// refusal of the first new value; the list is cut to ten with the count, and the message says the column looks numeric.
    @Test func aContinuousCategoricalColumnIsRefusedWithAShortList() throws {
        let rows = (1...300).map { "\($0 % 3),\($0).5,\($0 * 7 % 13).\($0)" }
        let train = try Self.file("continuous.csv", "a,b,c\n" + rows.joined(separator: "\n") + "\n")
        let refused = try #require(CLIHarness.failure(["describe", "--train-file", train, "--categorical-context", "c"]))
        #expect(refused.exitCode == 1 && refused.message.contains("a category the training split does not have; expected one of ")
                && refused.message.contains(" in all (with ") && refused.message.contains("c looks numeric"), "\(refused)")
        #expect(refused.message.count < 600, "\(refused.message.count) characters")
    }

    /// A PNG whose zlib stream lacked its checksum said "the image data end after 72 of the 72 bytes", which contradicts
    /// itself: every row was there, and what ended early was the stream. The message says so.
    @Test func aPNGWhoseZlibStreamEndsEarlySaysWhatEnded() throws {
        let folder = CLIHarness.scratchFolder("hostile-zlib")
        let png = ImageFolderCLITests.greyPNG(width: 8, height: 8, pixels: ArraySlice((0..<64).map { UInt8($0 * 3) }), cut: 4)
        try Data(png).write(to: URL(fileURLWithPath: folder + "/cut.png"))
        let refused = try #require(CLIHarness.failure(["describe", "--data", folder, "--model", "realnvp"]))
        #expect(refused.exitCode == 1 && refused.message.contains("cut.png")
                && refused.message.contains("hold all 72 bytes (rows with their filter bytes) the image needs, but their zlib stream stops before its end")
                && !refused.message.contains("72 of the 72"), "\(refused)")
    }
}
