import Foundation
import Testing
import Tensors
import Flows
import Networks
@testable import Configurations
import Runs
import Training

/// `precision` (`ProductPrecision`): recorded in configuration.json, trained at where the CPU has AVX512_BF16, refused
/// before anything is trained where it does not, and refused for image models.
struct PrecisionTrainingTests {
    static let skipReason: Comment = "needs a CPU with AVX512_BF16 to train at bf16"

    @Test func theConfigurationRecordsThePrecisionAndReadsItBack() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf)
        #expect(configuration.training.precision == nil)   // fp32, and runs written before the setting read as fp32
        configuration.training.precision = .bf16
        let json = try JSONEncoder().encode(configuration)
        #expect(String(decoding: json, as: UTF8.self).contains("\"precision\":\"bf16\""))
        #expect(try JSONDecoder().decode(ExperimentConfiguration.self, from: json) == configuration)
        var overrides = ConfigurationOverrides()
        overrides.precision = .fp32
        #expect(overrides.flagArguments == ["--precision", "fp32"])
        #expect(overrides.applied(to: configuration).training.precision == .fp32)
        #expect(Hyperparameters.precision.onResume == .fixed && overrides.resumableChanges(to: configuration).givenKeys.isEmpty)
    }

    @Test func aCPUWithoutBF16IsRefusedBeforeAnythingIsTrained() throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf)
        configuration.training.precision = .bf16
        let dataset = try configuration.data.load(seed: 1)
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("bf16-refused"))
        try ProductPrecision.assumingCPU(runsBF16: false) {
            #expect { try Trainer(configuration: configuration, dataset: dataset, run: folder) } throws: { error in
                guard case ExperimentError.precisionUnavailable = error else { return false }
                let message = "\(error)"
                return message.contains("precision bf16") && message.contains("AVX512_BF16") && message.contains("lacks")
                    && message.contains("--precision fp32")
            }
            configuration.training.precision = .fp32
            _ = try Trainer(configuration: configuration, dataset: dataset, run: folder)   // fp32 needs nothing of the CPU
        }
        #expect(!FileManager.default.fileExists(atPath: folder.configurationPath))
    }

    @Test func imageModelsRefuseBF16() throws {
        let (image, training) = try ImageDefaults.configuration(kind: .realNVP, imageShape: ImageShape(channels: 1, height: 4, width: 4), logitLambda: 1e-6)
        var configuration = ExperimentConfiguration(data: .imageFile(path: "images.npy"), model: image.summaryModel, training: training)
        configuration.image = image
        try configuration.validate()
        configuration.training.precision = .bf16
        #expect { try configuration.validate() } throws: { error in
            guard case ExperimentError.invalidHyperparameter(let name, let value, let requirement) = error else { return false }
            return name == "precision" && value == "bf16" && requirement.contains("image models")
        }
    }

    /// A seeded MAF trained at bf16 improves its validation estimate epoch on epoch, ends near the same run at fp32,
    /// and is not that run (its products really were bf16).
    @Test(.enabled(if: ProductPrecision.cpuRunsBF16, skipReason))
    func trainingAtBF16LowersTheLoss() throws {
        // Figure 1's MAF (10 MADEs of 4 × 50 units, batch 1000): it learns visibly in four epochs.
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 4, seed: 1)
        configuration.model.layerCount = 10
        configuration.model.hiddenCounts = [50, 50, 50, 50]
        configuration.training.batchSize = 1000
        let dataset = try configuration.data.load(seed: 1)
        let fp32Folder = RunFolder(path: ExperimentFixtures.scratchFolder("precision-fp32"))
        let fp32 = try Trainer(configuration: configuration, dataset: dataset, run: fp32Folder).train()
        configuration.training.precision = .bf16
        let bf16Folder = RunFolder(path: ExperimentFixtures.scratchFolder("precision-bf16"))
        let bf16 = try Trainer(configuration: configuration, dataset: dataset, run: bf16Folder).train()
        let records = try bf16Folder.readMetrics()
        #expect(records.count == 4)
        #expect(records.last!.validation > records.first!.validation + 0.1, "validation \(records.map(\.validation))")
        #expect(records.last!.trainObjective > records.first!.trainObjective + 0.2, "train objective \(records.map(\.trainObjective))")
        #expect(try bf16Folder.readConfiguration().training.precision == .bf16)
        #expect(abs(bf16.bestValidation - fp32.bestValidation) < 0.3, "bf16 \(bf16.bestValidation), fp32 \(fp32.bestValidation)")
        #expect(bf16.bestValidation != fp32.bestValidation)
        #expect(ProductPrecision.current == .fp32)   // the run's scope ends with it
    }
}
