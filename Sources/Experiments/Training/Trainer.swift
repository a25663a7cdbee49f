import Foundation
import Tensors
import Networks
import Flows
import Datasets

/// Trains a flow by Adam on minibatches (paper Algorithm 1 for localised flows, exact likelihood for the
/// baselines), validates after every epoch, keeps the best and the latest checkpoint, stops early, and
/// survives non-finite losses by rolling back to the last good epoch with a halved learning rate.
///
/// Every random draw (initialisation, shuffling, u, validation) comes from one `SplitMix64` seeded by the
/// configuration; its state is saved in each checkpoint, so a resumed run repeats the uninterrupted one.
public final class Trainer {
    public let configuration: ExperimentConfiguration
    public let run: RunFolder
    public let model: FlowDensity
    public let optimizer: Adam
    private let trainData: Tensor
    private let validationData: Tensor
    private weak var log: TrainingLog?
    private var generator: SplitMix64
    private var state = ProgressState()

    /// What a checkpoint's metadata records besides the weights.
    struct ProgressState: Codable, Equatable {
        var epoch = 0
        var bestValidation = -Double.infinity
        var bestEpoch = 0
        var epochsWithoutImprovement = 0
        var recoveries = 0
        var generatorState: UInt64 = 0
        var learningRate = 0.0
    }

    /// Builds the model and loads the data. - Throws: configuration, dataset or dimension errors.
    public init(configuration: ExperimentConfiguration, dataset: Dataset, run: RunFolder, log: TrainingLog? = nil) throws {
        try configuration.validate()
        guard dataset.dimension == configuration.model.dimension else {
            throw ExperimentError.dimensionMismatch(source: dataset.name, expected: configuration.model.dimension, actual: dataset.dimension)
        }
        self.configuration = configuration
        self.run = run
        self.log = log
        var generator = SplitMix64(seed: configuration.training.seed)
        model = try ModelBuilder.build(configuration.model, using: &generator)
        self.generator = generator
        optimizer = Adam(parameters: model.parameters, learningRate: configuration.training.learningRate,
                         maximumGradientNorm: configuration.training.maximumGradientNorm)
        trainData = dataset.train.tensor()
        validationData = dataset.validation.tensor()
    }

    /// Runs training to the end. With `resuming`, continues from the latest checkpoint of the run folder.
    /// - Throws: `ExperimentError.runFolderInUse` when starting over a run with checkpoints (nothing is
    ///   touched), file errors, or `.trainingDiverged` after the allowed roll-backs (the best checkpoint is
    ///   kept, and the summary is written first).
    @discardableResult
    public func train(resuming: Bool = false) throws -> TrainingSummary {
        if resuming {
            try resume()
        } else {
            guard !run.hasCheckpoints else { throw ExperimentError.runFolderInUse(path: run.path) }
            try run.create()
            try run.writeConfiguration(configuration)
            try run.writeMetrics([])
        }
        var snapshot = TrainingSnapshot(model: model, optimizer: optimizer)
        var ending = TrainingSummary.Ending.completed
        while state.epoch < configuration.training.maximumEpochs {
            let started = Date()
            guard let trainObjective = try trainEpoch(), let validation = validate() else {
                state.recoveries += 1
                guard state.recoveries <= configuration.training.maximumRecoveries else { ending = .diverged; break }
                snapshot.restore(model: model, optimizer: optimizer)
                optimizer.learningRate /= 2
                log?.trainingDidRollBack(epoch: state.epoch + 1, newLearningRate: optimizer.learningRate, reason: "non-finite loss, gradient or validation estimate")
                continue
            }
            state.epoch += 1
            let isBest = validation > state.bestValidation
            if isBest {
                state.bestValidation = validation
                state.bestEpoch = state.epoch
                state.epochsWithoutImprovement = 0
            } else {
                state.epochsWithoutImprovement += 1
            }
            state.generatorState = generator.state
            state.learningRate = optimizer.learningRate
            let record = EpochRecord(epoch: state.epoch, trainObjective: trainObjective, validation: validation,
                                     seconds: Date().timeIntervalSince(started), learningRate: optimizer.learningRate)
            if isBest { try saveCheckpoint(to: run.bestCheckpointPath) }
            try saveCheckpoint(to: run.latestCheckpointPath)
            if let kept = configuration.training.snapshotEpochs { try run.keepEpochSnapshot(epoch: state.epoch, keeping: kept) }
            try run.appendMetrics(record)
            snapshot = TrainingSnapshot(model: model, optimizer: optimizer)
            log?.trainingDidFinishEpoch(record, isBest: isBest)
            if let patience = configuration.training.patience, state.epochsWithoutImprovement >= patience {
                ending = .stoppedEarly
                break
            }
            if log?.trainingShouldStop() == true, state.epoch < configuration.training.maximumEpochs {
                ending = .interrupted
                break
            }
        }
        let summary = TrainingSummary(run: run.path, epochs: state.epoch, bestValidation: state.bestValidation, bestEpoch: state.bestEpoch,
                                      ending: ending, recoveries: state.recoveries, parameters: model.parameterCount)
        try run.writeSummary(summary)
        if ending == .diverged { throw ExperimentError.trainingDiverged(epoch: state.epoch + 1, recoveries: configuration.training.maximumRecoveries) }
        return summary
    }

    /// One pass over the shuffled training set; `nil` if a loss or gradient was not finite.
    private func trainEpoch() throws -> Double? {
        model.setMode(.training)
        let rowCount = trainData.shape[0], batchSize = min(configuration.training.batchSize, rowCount)
        let order = Array(0..<rowCount).shuffled(using: &generator)
        let stepCount = rowCount / batchSize
        var total = 0.0
        for step in 0..<stepCount {
            let batch = trainData.gatheringRows(Array(order[(step * batchSize)..<((step + 1) * batchSize)]))
            let objective = try model.elbo(batch, drawCount: configuration.training.trainDrawCount, using: &generator).mean()
            let value = objective.item
            guard value.isFinite else { return nil }
            let gradients = (-objective).gradients(withRespectTo: optimizer.parameters.map(\.value))
            let norm = Adam.globalNorm(of: gradients)
            guard norm.isFinite else { return nil }
            optimizer.update(with: gradients, globalNorm: norm)
            total += value
            log?.trainingDidFinishStep(epoch: state.epoch + 1, step: step + 1, of: stepCount, objective: value)
        }
        return total / Double(max(stepCount, 1))
    }

    /// The mean validation estimate in evaluation mode; `nil` if it is not finite.
    private func validate() -> Double? {
        if configuration.training.batchNormStatistics == .trainingSet { model.recomputeBatchNormStatistics(from: trainData) }
        model.setMode(.evaluation)
        let estimate = try? model.logLikelihood(validationData, importanceSamples: configuration.training.validationImportanceSamples, using: &generator)
        guard let mean = estimate?.mean, mean.isFinite else { return nil }
        return mean
    }

    private func saveCheckpoint(to path: String) throws {
        let metadata = [
            "configuration": String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self),
            "progress": String(decoding: try JSONEncoder().encode(state), as: UTF8.self),
        ]
        try Checkpoint.save(model: model, optimizer: optimizer, metadata: metadata, to: path)
    }

    private func resume() throws {
        guard FileManager.default.fileExists(atPath: run.latestCheckpointPath) else {
            throw ExperimentError.notARun(path: run.path, missing: "checkpoints/latest.safetensors (nothing to resume)")
        }
        let checkpoint = try Checkpoint.load(from: run.latestCheckpointPath)
        try checkpoint.restore(into: model, optimizer: optimizer)
        guard let progress = checkpoint.metadata["progress"],
              let restored = try? JSONDecoder().decode(ProgressState.self, from: Data(progress.utf8)) else {
            throw ExperimentError.configurationFile(path: run.latestCheckpointPath, reason: "the checkpoint has no training progress record")
        }
        state = restored
        generator = SplitMix64(seed: restored.generatorState)
        optimizer.learningRate = restored.learningRate
        try run.writeMetrics(try run.readMetrics().filter { $0.epoch <= state.epoch })
    }
}

extension DataTable {
    /// The table as a `[rows, columns]` float32 tensor.
    func tensor(dtype: DType = .float32) -> Tensor {
        Tensor(shape: [rowCount, columnCount], values: values, dtype: dtype)
    }
}
