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
