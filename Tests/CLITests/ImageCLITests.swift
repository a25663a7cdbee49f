import Foundation
import Testing
import Configurations
import Runs
import Tensors
@testable import CLI

/// Image runs through the command line at a tiny scale: train, resume, evaluate in bits per dimension, sample a grid.
struct ImageCLITests {
    /// A uint8 `.npy` of `count` grey 4 × 4 images with structure (a bright left or right half) and noise.
    static func imageFile(_ name: String, count: Int = 120, seed: UInt64 = 1) throws -> String {
        var g = SplitMix64(seed: seed)
        let pixels: [UInt8] = (0..<count).flatMap { _ -> [UInt8] in
            let brightLeft = Bool.random(using: &g)
            return (0..<16).map { i in ((i % 4 < 2) == brightLeft ? 200 : 30) &+ UInt8.random(in: 0...40, using: &g) }
        }
        var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (\(count), 1, 4, 4), }"
        while (11 + header.utf8.count) % 64 != 0 { header += " " }
        header += "\n"
        let bytes = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8) + pixels
        let path = (CLIHarness.scratchFolder(name) as NSString).appendingPathComponent("images.npy")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let tinyImageModel = ["--coupler-blocks", "1", "--coupler-hidden", "4", "--batch-size", "20", "--validation-samples", "2", "--learning-rate", "0.001"]

    @Test(arguments: ["realnvp", "lgf-realnvp"])
    func trainResumeEvaluateAndSampleImages(model: String) throws {
        let data = try Self.imageFile("images-\(model)")
        let run = UserDataFiles.runFolder("image-run-\(model)")
        try CLIHarness.run(["train", "--data", data, "--model", model, "--epochs", "1", "--output", run, "--json"] + Self.tinyImageModel)
        let configuration = try RunFolder(path: run).readConfiguration()
        #expect(configuration.data == .imageFile(path: data))
        #expect(configuration.image?.specification.imageShape.featureCount == 16 && configuration.image?.specification.couplerHidden == 4)
        #expect(configuration.image?.specification.logitLambda == 1e-6 && configuration.training.batchSize == 20)
        // 120 images: test 12, validation 10, train 98, in file order.
        let resumed = try CLIHarness.run(["train", "--output", run, "--resume", "--epochs", "2", "--json"])
        #expect(try UserDataFiles.json(resumed)["epochs"] as? Int == 2)
        #expect(try RunFolder(path: run).readMetrics().map(\.epoch) == [1, 2])

        let evaluation = try UserDataFiles.json(CLIHarness.run(["evaluate", run, "--importance-samples", "10", "--json"]))
        let bits = try #require(evaluation["bitsPerDimension"] as? Double)
        #expect(evaluation["points"] as? Int == 12 && evaluation["dimension"] as? Int == 16)
        // Two epochs of ten steps fit little: an untrained flow on these images gives about 8 bits (the logit's Jacobian
        // against N(0, 1)), an LGF's K = 10 estimate less tight. Sane means positive and below a few tens.
        #expect(bits > 0 && bits < 40, "bits per dimension on the pixel scale; got \(bits)")
        let logLikelihood = try #require(evaluation["logLikelihood"] as? Double)
        #expect(abs(bits - -logLikelihood / (16 * log(2.0))) < 1e-9, "bits per dimension are nats per image over D ln 2")
        #expect((evaluation["bitsPerDimensionStandardError"] as? Double).map { $0 > 0 && $0.isFinite } == true)
        #expect(evaluation["importanceSamples"] as? Int == (model == "realnvp" ? 1 : 10))
        let text = try CLIHarness.run(["evaluate", run, "--importance-samples", "10", "--images", "5"]).output
        #expect(text.contains("bits/dimension") && text.contains("5 images of 16 pixels"))

        let png = (CLIHarness.scratchFolder("image-samples-\(model)") as NSString).appendingPathComponent("samples.png")
        try CLIHarness.run(["sample", run, "--grid", "3x4", "--output", png])
        let bytes = try #require(FileManager.default.contents(atPath: png).map { [UInt8]($0) })
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func bigEndian(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        #expect(bigEndian(16) == 4 * (4 + 2) + 2 && bigEndian(20) == 3 * (4 + 2) + 2, "4 columns and 3 rows of 4 × 4 tiles with 2-pixel gaps")

        let described = try UserDataFiles.json(CLIHarness.run(["describe", "--data", data, "--model", model, "--json"] + Self.tinyImageModel))
        #expect((described["parameters"] as? Int).map { $0 > 0 } == true && described["dimension"] as? Int == 16)
    }

    @Test func imageFlagsAndFilesAreCheckedWithClearMessages() throws {
        let data = try Self.imageFile("image-bad-input", count: 40)
        let vectorFlag = try #require(CLIHarness.failure(["describe", "--data", data, "--model", "realnvp", "--hidden", "8,8"]))
        #expect(vectorFlag.exitCode != 0 && vectorFlag.message.contains("hidden") && vectorFlag.message.contains("coupler-blocks"))
        let imageFlag = try #require(CLIHarness.failure(["describe", "--dataset", "2uniforms", "--coupler-blocks", "2"]))
        #expect(imageFlag.message.contains("coupler-blocks") && imageFlag.message.contains("image models"))
        let indexedImage = try #require(CLIHarness.failure(["describe", "--data", data, "--model", "realnvp", "--index-normalization", "none"]))
        #expect(indexedImage.exitCode != 0 && indexedImage.message.contains("index-normalization") && indexedImage.message.contains("realnvp has none"))
        let indexedVector = try #require(CLIHarness.failure(["describe", "--dataset", "2uniforms", "--model", "maf", "--index-initialization", "identity"]))
        #expect(indexedVector.exitCode != 0 && indexedVector.message.contains("index-initialization") && indexedVector.message.contains("maf has none"))
        let identityStart = try UserDataFiles.json(CLIHarness.run(["describe", "--dataset", "2uniforms", "--model", "lgf-maf", "--index-initialization", "identity", "--json"]))
        let standardStart = try UserDataFiles.json(CLIHarness.run(["describe", "--dataset", "2uniforms", "--model", "lgf-maf", "--json"]))
        #expect((identityStart["parameters"] as? Int).map { $0 > 0 } == true && identityStart["parameters"] as? Int == standardStart["parameters"] as? Int,
                "an LGF takes the indexed layers' keys, and the identity start adds no parameters")
        let wrongModel = try #require(CLIHarness.failure(["describe", "--data", data, "--model", "maf"]))
        #expect(wrongModel.message.contains("realnvp") && wrongModel.message.contains("lgf-realnvp"))
        let both = try #require(CLIHarness.failure(["describe", "--data", data, "--dataset", "mnist"]))
        #expect(both.exitCode == 64 && both.message.contains("--data"))
        let notImages = (CLIHarness.scratchFolder("image-not-images") as NSString).appendingPathComponent("x.npy")
        try Data([0x93] + Array("NUMPY".utf8) + [1, 0, 118, 0] + Array(("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }".padding(toLength: 117, withPad: " ", startingAt: 0) + "\n").utf8)
                 + [UInt8](repeating: 0, count: 16)).write(to: URL(fileURLWithPath: notImages))
        let floats = try #require(CLIHarness.failure(["describe", "--data", notImages, "--model", "realnvp"]))
        #expect(floats.exitCode == 1 && floats.message.contains(notImages) && floats.message.contains("|u1"))
    }

    /// The fixtures' MNIST folder holds the first 200 training and 40 test images of the real files.
    @Test func trainsOnAFewHundredMNISTImages() throws {
        let run = UserDataFiles.runFolder("image-mnist")
        try CLIHarness.run(["train", "--dataset", "mnist", "--data-dir", CLIHarness.fixtures, "--model", "realnvp", "--train-images", "200",
                            "--epochs", "1", "--output", run, "--json"] + Self.tinyImageModel)
        let configuration = try RunFolder(path: run).readConfiguration()
        #expect(configuration.image?.trainingImageLimit == 200 && configuration.image?.specification.imageShape.featureCount == 784)
        let evaluation = try UserDataFiles.json(CLIHarness.run(["evaluate", run, "--images", "40", "--json"]))
        let bits = try #require(evaluation["bitsPerDimension"] as? Double)
        // MNIST's black background sits at logits near −14, far out in N(0, 1)'s tail until the flow has learnt it.
        #expect(evaluation["points"] as? Int == 40 && bits > 0 && bits < 80, "got \(bits)")
    }
}
