import Foundation
import Testing
import Flows
import Networks
@testable import Configurations

/// The hyperparameter table is the one place a setting is described: its requirement checks the resolved
/// configuration whatever the value came from, it says which settings a started run may change, and overrides read
/// and land values through it.
struct HyperparameterTableTests {
    @Test func keysAreUniqueAndEveryEntryIsListedOnce() {
        let keys = Hyperparameters.all.map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(Hyperparameters.named("learning-rate")?.name == "learning rate" && Hyperparameters.named("learnig-rate") == nil)
    }

    /// Only the settings that move where training stops may change when a run is continued.
    @Test func onlyEpochsAndPatienceMayChangeOnResume() {
        #expect(Hyperparameters.resumableKeys == ["epochs", "patience"])
    }

    @Test func overridesReadAndSetValuesThroughTheTable() throws {
        var overrides = ConfigurationOverrides()
        overrides.epochs = 7
        overrides[Hyperparameters.hidden] = [3, 4]
        #expect(overrides[Hyperparameters.epochs] == 7 && overrides.hidden == [3, 4] && overrides.patience == nil)
        #expect(overrides.givenKeys == ["hidden", "epochs"] && overrides.flagArguments == ["--hidden", "3,4", "--epochs", "7"])
        overrides.epochs = nil
        #expect(overrides.givenKeys == ["hidden"])
    }

    /// A value is checked where it lands, so an edited `configuration.json` is refused like a flag.
    @Test(arguments: [("train-images", "must be at least 10"), ("max-recoveries", "must not be negative"), ("snapshot-epochs", "must be positive"),
                      ("gradient-clip", "must be positive")])
    func aValueOutsideItsRequirementIsRefusedNamingTheSetting(key: String, requirement: String) throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .maf)
        switch key {
        case "train-images":
            let (image, training) = try ImageDefaults.configuration(kind: .realNVP, imageShape: ImageShape(channels: 1, height: 4, width: 4), logitLambda: 1e-6)
            configuration = ExperimentConfiguration(data: .imageFile(path: "images.npy"), model: image.summaryModel, training: training)
            configuration.image = image
            configuration.image?.trainingImageLimit = 9
        case "max-recoveries": configuration.training.maximumRecoveries = -1
        case "snapshot-epochs": configuration.training.snapshotEpochs = 0
        default: configuration.training.maximumGradientNorm = .infinity
        }
        let name = try #require(Hyperparameters.named(key)).name
        #expect { try configuration.validate() } throws: { error in
            guard case ExperimentError.invalidHyperparameter(let refused, _, let text) = error else { return false }
            return refused == name && text.hasPrefix(requirement)
        }
    }

    @Test func resumableChangesAreTheGivenResumableValuesThatDiffer() {
        let stored = ExperimentFixtures.tinyConfiguration(kind: .maf, epochs: 5)
        var planned = ConfigurationOverrides()
        planned.epochs = 8
        planned.patience = 3
        planned.learningRate = stored.training.learningRate * 2   // fixed: never a resumable change
        var changes = planned.resumableChanges(to: stored)
        #expect(changes.givenKeys == ["epochs", "patience"])
        #expect(changes.describedChanges(from: stored) == ["up to 8 epochs (was 5)", "patience 3 (was none)"])
        let resumed = changes.applied(to: stored)
        #expect(resumed.training.maximumEpochs == 8 && resumed.training.patience == 3 && resumed.training.learningRate == stored.training.learningRate)
        planned.epochs = 5
        changes = planned.resumableChanges(to: stored)
        #expect(changes.givenKeys == ["patience"])
    }

    /// The trainer's stopping rule, which a sweep also asks whether changed settings let a finished run go on; a
    /// minimum number of steps holds patience back until it is reached, and steps not known never reach it.
    @Test func trainingEndsWhenItsEpochsOrItsPatienceAreUsedUp() {
        var training = TrainingConfiguration(maximumEpochs: 10, patience: 3)
        #expect(!training.ends(afterEpochs: 9, epochsWithoutImprovement: 2, stepsTaken: 90))
        #expect(training.ends(afterEpochs: 10, epochsWithoutImprovement: 0, stepsTaken: 100))
        #expect(training.ends(afterEpochs: 6, epochsWithoutImprovement: 3, stepsTaken: 60))
        #expect(training.ends(afterEpochs: 6, epochsWithoutImprovement: 3, stepsTaken: nil))
        training.minimumSteps = 80
        #expect(!training.ends(afterEpochs: 6, epochsWithoutImprovement: 3, stepsTaken: 60))
        #expect(training.ends(afterEpochs: 8, epochsWithoutImprovement: 5, stepsTaken: 80))
        #expect(!training.ends(afterEpochs: 8, epochsWithoutImprovement: 5, stepsTaken: nil))
        #expect(training.ends(afterEpochs: 10, epochsWithoutImprovement: 0, stepsTaken: nil))
        training.patience = nil
        #expect(!training.ends(afterEpochs: 9, epochsWithoutImprovement: 9, stepsTaken: 900))
    }
}
