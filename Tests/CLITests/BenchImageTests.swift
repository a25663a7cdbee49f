import Foundation
import Testing
@testable import CLI

/// `lgf bench train|evaluate` on image datasets: wrong combinations fail with a clear message; a tiny run works.
struct BenchImageTests {
    /// An IDX image file of `count` 4 × 4 images (magic 0 0 8 3, big-endian extents).
    static func idxFile(count: Int) -> String {
        let path = CLIHarness.scratchFolder("bench-images") + "/tiny-idx3-ubyte"
        var bytes: [UInt8] = [0, 0, 8, 3]
        for extent in [count, 4, 4] { bytes += [0, 0, 0, UInt8(extent)] }
        bytes += (0..<(count * 16)).map { UInt8(($0 * 37) % 256) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))   // a failed write shows in the run below
        return path
    }

    @Test func imageDatasetsNeedAnImageModel() {
        let failure = CLIHarness.failure(["bench", "train", "--dataset", "fashion-mnist", "--model", "maf"])
        #expect(failure?.exitCode != 0)
        #expect(failure?.message.contains("realnvp or lgf-realnvp") == true, "\(String(describing: failure))")
    }

    @Test func imageOptionsAreRefusedForTabularShapes() {
        let failure = CLIHarness.failure(["bench", "train", "--dataset", "power", "--model", "maf", "--coupler-blocks", "2"])
        #expect(failure?.message.contains("--coupler-blocks and --images apply to the image datasets") == true, "\(String(describing: failure))")
    }

    @Test func aMissingImageFileIsNamed() {
        let failure = CLIHarness.failure(["bench", "evaluate", "--dataset", "cifar10", "--model", "realnvp", "--images", "/nonexistent/x.bin"])
        #expect(failure?.exitCode != 0)
        #expect(failure?.message.contains("/nonexistent/x.bin") == true, "\(String(describing: failure))")
    }

    @Test func aTinyTrainingAndEvaluationRunPrintsJSON() throws {
        let file = Self.idxFile(count: 6)
        let common = ["--model", "lgf-realnvp", "--images", file, "--coupler-blocks", "0", "--batch", "4", "--json"]
        let train = try CLIHarness.run(["bench", "train", "--dataset", "mnist"] + common + ["--repeats", "1", "--warmup-steps", "0"])
        let trained = try JSONSerialization.jsonObject(with: Data(train.output.utf8)) as? [String: Any]
        #expect(trained?["imagesPerStep"] as? Int == 4 && trained?["phase"] as? String == "train")
        let evaluate = try CLIHarness.run(["bench", "evaluate", "--dataset", "mnist"] + common + ["--k", "2", "--repeats", "1", "--warmup-calls", "0"])
        let evaluated = try JSONSerialization.jsonObject(with: Data(evaluate.output.utf8)) as? [String: Any]
        #expect(evaluated?["importanceSamples"] as? Int == 2 && evaluated?["imagesPerStep"] as? Int == 2)
        #expect(evaluated?["imageFile"] as? String == file)
    }
}
