import Foundation
import Testing
@testable import CLI
import Configurations
import Runs
import Tensors

/// `lgf train --precision`: recorded in the run, fixed on `--resume`, and refused with what was asked, what the CPU
/// lacks and the alternative where the CPU has no AVX512_BF16 (assumed here through `ProductPrecision.assumingCPU`).
struct PrecisionCLITests {
    static let arguments = ["train", "--dataset", "2uniforms", "--model", "maf", "--epochs", "1", "--batch-size", "500"] + CLIHarness.tinyModel

    @Test(.enabled(if: ProductPrecision.cpuRunsBF16, "needs a CPU with AVX512_BF16 to train at bf16"))
    func bf16IsRecordedAndResumeKeepsIt() throws {
        let run = UserDataFiles.runFolder("precision-resume")
        try CLIHarness.run(Self.arguments + ["--output", run, "--precision", "bf16"])
        let folder = RunFolder(path: run)
        #expect(try folder.readConfiguration().training.precision == .bf16)
        BadInputTests.expectFailure(["train", "--output", run, "--resume", "--epochs", "2", "--precision", "fp32"],
                                    mentioning: ["--precision", "cannot change"])
        try CLIHarness.run(["train", "--output", run, "--resume", "--epochs", "2"])
        #expect(try folder.readMetrics().map(\.epoch) == [1, 2])
        #expect(try folder.readConfiguration().training.precision == .bf16)
    }

    /// `lgf bench precision` in a child process (it switches the process-wide matrix kernel): every product timed on
    /// the three kernels, and the CPU named.
    @Test(.enabled(if: LGFBinary.path != nil, "needs the lgf binary beside the test runner (swift build --build-tests)"))
    func benchPrecisionTimesEveryProductOnTheThreeKernels() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(LGFBinary.path))
        process.arguments = ["bench", "precision", "--repeats", "1", "--warmup", "0", "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let last = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let products = try #require(object["products"] as? [[String: Any]])
        #expect(products.count == 6)
        for product in products {
            for key in ["openBLASMs", "ownMs", "bf16Ms"] { #expect((product[key] as? Double ?? 0) > 0, "\(key) of \(product)") }
        }
        #expect((object["cpu"] as? String)?.contains("family") == true)
        #expect(object["cpuRunsBF16"] as? Bool == ProductPrecision.cpuRunsBF16)
    }

    @Test func bf16IsRefusedBeforeTrainingOnACPUWithoutIt() throws {
        let run = UserDataFiles.runFolder("precision-refused")
        let failure = try ProductPrecision.assumingCPU(runsBF16: false) { try #require(CLIHarness.failure(Self.arguments + ["--output", run, "--precision", "bf16"])) }
        #expect(failure.exitCode == 1)
        for fragment in ["precision bf16", "AVX512_BF16", "lacks", "--precision fp32"] {
            #expect(failure.message.contains(fragment), "\"\(failure.message)\" should mention \"\(fragment)\"")
        }
        #expect(!FileManager.default.fileExists(atPath: RunFolder(path: run).configurationPath))
        #expect(CLIHarness.failure(["train", "--precision", "bf8", "--output", run]) != nil)
    }
}
