import Foundation
import Testing
@testable import CLI

/// Every kind of bad input ends with one clear message and a non-zero exit, never a trap, and never
/// touches an existing run's checkpoints.
struct BadInputTests {
    static func expectFailure(_ arguments: [String], mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let failure = CLIHarness.failure(arguments) else {
            Issue.record("expected \(arguments) to fail", sourceLocation: sourceLocation)
            return
        }
        #expect(failure.exitCode != 0, sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(failure.message.contains(fragment), "\"\(failure.message)\" should mention \"\(fragment)\"", sourceLocation: sourceLocation)
        }
    }

    static func file(_ name: String, _ contents: String) -> String { bytesFile(name, Array(contents.utf8)) }

    static func bytesFile(_ name: String, _ bytes: [UInt8]) -> String {
        let path = (CLIHarness.scratchFolder("bad") as NSString).appendingPathComponent(name)
        precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "could not write the test file \(path)")
        return path
    }

    /// A version-1.0 `.npy` header for `descr` and `shape`, padded as NumPy pads it.
    static func npyHeader(descr: String, shape: String) -> [UInt8] {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count % 256), UInt8(header.count / 256)] + Array(header.utf8)
    }

    @Test func unknownDatasetListsTheValidNames() {
        Self.expectFailure(["train", "--dataset", "2rectangles", "--output", CLIHarness.scratchFolder("x")], mentioning: ["2rectangles", "2uniforms", "miniboone"])
    }

    @Test func unknownModelListsTheValidNames() {
        Self.expectFailure(["train", "--model", "glow"], mentioning: ["glow", "lgf-maf"])
    }

    @Test(arguments: [["--learning-rate", "-0.1"], ["--batch-size", "0"], ["--epochs", "0"], ["--index-dimension", "0"], ["--hidden", "1,1"]])
    func nonPositiveHyperparameters(flags: [String]) {
        Self.expectFailure(["train", "--dataset", "8gaussians", "--model", "lgf-maf", "--output", CLIHarness.scratchFolder("h")] + flags, mentioning: [])
    }

    @Test func missingFile() {
        Self.expectFailure(["train", "--train-file", "no/such/file.csv"], mentioning: ["no/such/file.csv"])
    }

    @Test func raggedAndNonNumericAndNonFiniteCSVRows() {
        let ragged = Self.file("ragged.csv", "a,b\n1,2\n3\n")
        Self.expectFailure(["train", "--train-file", ragged], mentioning: [ragged, "line 3"])
        let text = Self.file("text.csv", "1,2\n3,x\n")
        Self.expectFailure(["train", "--train-file", text], mentioning: [text, "line 2", "column 2"])
        let nan = Self.file("nan.csv", "1,2\n3,nan\n")
        Self.expectFailure(["train", "--train-file", nan], mentioning: [nan, "line 2"])
    }

    @Test func unsupportedAndTruncatedNPY() {
        let integers = Self.bytesFile("complex.npy", Self.npyHeader(descr: "<c16", shape: "(2, 2)") + [UInt8](repeating: 0, count: 64))
        Self.expectFailure(["train", "--train-file", integers], mentioning: [integers, "<c16"])
        let truncated = Self.bytesFile("short.npy", Self.npyHeader(descr: "<f8", shape: "(100, 2)") + [UInt8](repeating: 0, count: 40))
        Self.expectFailure(["train", "--train-file", truncated], mentioning: [truncated])
    }

    @Test func wrongDimensionForACheckpointAndARunInUse() throws {
        let run = (CLIHarness.scratchFolder("dims") as NSString).appendingPathComponent("run")
        try CLIHarness.run(["train", "--dataset", "2uniforms", "--model", "maf", "--epochs", "1", "--output", run] + CLIHarness.tinyModel)
        let wide = Self.file("wide.csv", "1,2,3\n4,5,6\n")
        Self.expectFailure(["evaluate", run, "--test-file", wide], mentioning: [wide, "3 columns", "2-dimensional"])
        let best = (run as NSString).appendingPathComponent("checkpoints/best.safetensors")
        let before = FileManager.default.contents(atPath: best)
        Self.expectFailure(["train", "--dataset", "2uniforms", "--model", "maf", "--output", run], mentioning: ["--resume"])
        #expect(FileManager.default.contents(atPath: best) == before)
        Self.expectFailure(["evaluate", CLIHarness.scratchFolder("not-a-run")], mentioning: ["configuration.json"])
    }
}
