import Foundation
import Configurations
import Runs
import Flows
import TestSupport

/// Small, fast configurations and scratch folders for the experiment tests.
enum ExperimentFixtures {
    /// A fresh empty folder, removed with the process's `ScratchRoot`.
    static func scratchFolder(_ name: String) -> String { ScratchRoot.folder(name) }

    /// Two rectangles with a tiny model so an epoch takes milliseconds.
    static func tinyConfiguration(kind: ModelKind, epochs: Int = 2, seed: UInt64 = 1) -> ExperimentConfiguration {
        var model = ModelSpecification(kind: kind, dimension: 2, layerCount: 2, hiddenCounts: [8, 8], indexDimension: 1,
                                       shiftScaleHiddenCounts: [4], indexPriorHiddenCounts: [8], indexPosteriorHiddenCounts: [8])
        model.usesBatchNorm = !kind.isLocalised
        let training = TrainingConfiguration(learningRate: 1e-3, batchSize: 500, maximumEpochs: epochs, trainDrawCount: 2,
                                             validationImportanceSamples: 3, seed: seed)
        return ExperimentConfiguration(data: .catalogue(name: "2uniforms", dataDirectory: nil), model: model, training: training)
    }

    /// The records without their timings (which differ between runs).
    static func timeless(_ records: [EpochRecord]) -> [EpochRecord] {
        records.map { var record = $0; record.seconds = 0; return record }
    }
}
