import Foundation
import Tensors
import Networks
import Flows
import Datasets
import Checkpoints
import Configurations
import Runs

/// Trains a flow by Adam on minibatches (paper Algorithm 1 for localised flows, exact likelihood for the
/// baselines), validates after every epoch, keeps the best and the latest checkpoint, stops early, and
/// survives non-finite losses by rolling back to the last good epoch with a halved learning rate.
///
/// Every random draw (initialisation, shuffling, u, validation) comes from one `SplitMix64` seeded by the
/// configuration; its state is saved in each checkpoint, so a resumed run repeats the uninterrupted one.
public final class Trainer {
    public let configuration: ExperimentConfiguration
    /// The run folder; it carries the folder's lock while `train` holds it.
    public private(set) var run: RunFolder
    /// The run's id (`RunIdentity`): drawn when the run starts, read back when it resumes; `nil` for a run started
    /// before runs had ids.
    public internal(set) var runID: String?
    public let model: FlowDensity
    public let optimizer: Adam
    let trainData: TrainingPoints
    private let validationData: TrainingPoints
    /// The context row of every training and validation point of a conditional density p(x | c), `nil` otherwise.
    let trainContext: Tensor?
    private let validationContext: Tensor?
    weak var log: TrainingLog?
    var generator: SplitMix64
    var state = ProgressState()
    /// Every completed epoch's record; each checkpoint carries it, so `metrics.jsonl` can be rebuilt.
    var history: [EpochRecord] = []
    /// The processes training this model together; this one alone unless `distribute(over:)` chose ranks.
    var replicas: any TrainingReplicas = SingleReplica()
    /// The checkpoint metadata key of `history` (a JSON array of `EpochRecord`s).
    static let historyKey = "history"

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

    /// Builds the model and loads the data.
    /// - Parameter limits: the memory a training step may need, checked before the model is built.
    /// - Throws: configuration, dataset or dimension errors; `.exceedsResourceLimit` with the estimate.
    public convenience init(configuration: ExperimentConfiguration, dataset: Dataset, run: RunFolder, log: TrainingLog? = nil,
                            limits: ResourceLimits = .standard) throws {
        try configuration.validate()
        try limits.check(configuration)
        guard dataset.dimension == configuration.model.dimension else {
            throw ExperimentError.dimensionMismatch(source: dataset.name, expected: configuration.model.dimension, actual: dataset.dimension)
        }
        let contextDimension = configuration.model.context?.dimension ?? 0
        guard (dataset.context?.train.columnCount ?? 0) == contextDimension else {
            throw ExperimentError.dimensionMismatch(source: "\(dataset.name)'s context", expected: contextDimension, actual: dataset.context?.train.columnCount ?? 0)
        }
        try self.init(configuration: configuration, train: .rows(dataset.train.tensor()), validation: .rows(dataset.validation.tensor()),
                      trainContext: dataset.context?.train.tensor(), validationContext: dataset.context?.validation.tensor(), run: run, log: log)
    }

    /// Builds the model (its weights the first draws of the seeded generator) for checked configuration and data.
    init(configuration: ExperimentConfiguration, train: TrainingPoints, validation: TrainingPoints, trainContext: Tensor? = nil,
         validationContext: Tensor? = nil, run: RunFolder, log: TrainingLog?) throws {
        try configuration.training.checkPrecision()
        self.configuration = configuration
        self.run = run
        self.log = log
        var generator = SplitMix64(seed: configuration.training.seed)
        model = try configuration.buildModel(using: &generator)
        self.generator = generator
        optimizer = Adam(parameters: model.parameters, learningRate: configuration.training.learningRate,
                         maximumGradientNorm: configuration.training.maximumGradientNorm)
        trainData = train
        validationData = validation
        self.trainContext = trainContext
        self.validationContext = validationContext
    }

    /// Runs training to the end. With `resuming`, continues from the latest checkpoint of the run folder,
    /// or starts afresh when it has none yet. Files are written in the order `RunFolder` documents, so a
    /// kill at any moment leaves a folder that `--resume` continues without losing or repeating an epoch.
    ///
    /// The folder's lock (`RunFolder.acquireLock`) is held throughout: the one the folder value carries, or else one
    /// taken here (by the leader alone when the run is data-parallel; the other ranks write nothing).
    /// - Throws: `ExperimentError.runFolderLocked` naming the process that writes the folder;
    ///   `.runFolderInUse` or `.folderNotEmpty` when starting over a run with checkpoints or over other files
    ///   (nothing is touched); `CheckpointError` naming the file for any failed read or write (never mistaken for a
    ///   non-finite loss); `.corruptRun` for a checkpoint whose values do not hold together or that belongs to
    ///   another run; or `.trainingDiverged` after the allowed roll-backs (the best checkpoint is kept, and the
    ///   summary is written first).
    ///
    /// Every product of training and validation runs at the configuration's precision (`ProductPrecision`).
    @discardableResult
    public func train(resuming: Bool = false) throws -> TrainingSummary {
        try ProductPrecision.with(configuration.training.precision ?? .fp32) { try trainAtPrecision(resuming: resuming) }
    }

    /// `train(resuming:)` inside its precision's scope.
    private func trainAtPrecision(resuming: Bool) throws -> TrainingSummary {
        let ownLock = replicas.isLeader && run.lock == nil ? try run.acquireLock(command: "lgf train") : nil
        if let ownLock { run.lock = ownLock }
        defer {
            if let ownLock {
                ownLock.release()
                run.lock = nil
            }
        }
        let continuing = resuming && FileManager.default.fileExists(atPath: run.latestCheckpointPath)
        if !resuming && replicas.isLeader { try run.checkCanStartNewRun() }
        for path in try replicas.isLeader ? run.removeStrayTemporaryFiles() : [] { log?.trainingDidWarn("removed \(path), a temporary file left by an interrupted write") }
        if continuing {
            try resume()
        } else {
            if resuming {
                log?.trainingDidWarn("\(run.path) has no completed epoch yet (no checkpoints/latest.safetensors): starting the run afresh")
            }
            runID = (resuming ? try run.readStoredConfigurationIfPresent()?.runID : nil) ?? RunIdentity.newID()
            if replicas.isLeader {
                // configuration.json first: from here on, a kill leaves a folder that is a run (see `RunFolder`).
                try run.writeConfiguration(configuration, runID: runID)
                try run.writeMetrics([])
                try run.createCheckpointsFolder()
            }
        }
        var snapshot = TrainingSnapshot(model: model, optimizer: optimizer)
        let ending: TrainingSummary.Ending
        while true {
            if patienceIsExhausted { ending = .stoppedEarly; break }
            if state.epoch >= configuration.training.maximumEpochs { ending = .completed; break }
            let started = Date()
            guard let trainObjective = try trainEpoch(), let validation = try leaderValidation() else {
                guard state.recoveries < configuration.training.maximumRecoveries else { ending = .diverged; break }
                state.recoveries += 1
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
            history.append(record)
            if replicas.isLeader { try commit(record, isBest: isBest) }
            snapshot = TrainingSnapshot(model: model, optimizer: optimizer)
            log?.trainingDidFinishEpoch(record, isBest: isBest)
            if !patienceIsExhausted, state.epoch < configuration.training.maximumEpochs, try replicas.leaderDecision(log?.trainingShouldStop() == true) {
                ending = .interrupted
                break
            }
        }
        let summary = TrainingSummary(run: run.path, epochs: state.epoch, bestValidation: state.bestValidation, bestEpoch: state.bestEpoch,
                                      ending: ending, recoveries: state.recoveries, parameters: model.parameterCount)
        if replicas.isLeader { try run.writeSummary(summary) }
        if ending == .diverged { throw ExperimentError.trainingDiverged(epoch: state.epoch + 1, recoveries: state.recoveries) }
        return summary
    }

    /// Early stopping: validation has not improved for `patience` epochs, and at least `minimumSteps` optimiser
    /// steps have been taken.
    private var patienceIsExhausted: Bool {
        configuration.training.patienceIsExhausted(epochsWithoutImprovement: state.epochsWithoutImprovement, stepsTaken: state.epoch * stepsPerEpoch)
    }

    /// The optimiser steps of one epoch (`trainEpoch` drops the last, incomplete batch).
    private var stepsPerEpoch: Int { trainData.count / min(configuration.training.batchSize, trainData.count) }

    /// Writes a finished epoch in the order `RunFolder` documents: the synced metrics line, then the best
    /// checkpoint if it improved, then the latest checkpoint, which commits the epoch.
    private func commit(_ record: EpochRecord, isBest: Bool) throws {
        try run.checkLockIsInPlace()
        try run.hooks.reach(.beforeMetricsLine, epoch: record.epoch)
        try run.appendMetrics(record)
        try run.hooks.reach(.afterMetricsLine, epoch: record.epoch)
        if isBest {
            try saveCheckpoint(to: run.bestCheckpointPath)
            try run.hooks.reach(.afterBestCheckpoint, epoch: record.epoch)
        }
        try saveCheckpoint(to: run.latestCheckpointPath)
        try run.hooks.reach(.afterLatestCheckpoint, epoch: record.epoch)
        // Snapshots only illustrate (the report's Figure-2 strip): one lost to a crash is not history lost.
        if let kept = configuration.training.snapshotEpochs { try run.keepEpochSnapshot(epoch: state.epoch, keeping: kept) }
    }

    /// One pass over the shuffled training set; `nil` if a loss or gradient was not finite.
    private func trainEpoch() throws -> Double? {
        model.setMode(.training)
        let rowCount = trainData.count, batchSize = min(configuration.training.batchSize, rowCount)
        let order = Array(0..<rowCount).shuffled(using: &generator)
        let stepCount = stepsPerEpoch
        var total = 0.0
        for step in 0..<stepCount {
            let indices = replicas.localRows(of: order[(step * batchSize)..<((step + 1) * batchSize)])
            let objective = try replicas.objective(step: step, generator: &generator) { generator in
                // Images are dequantised here, from the replica's own stream (the trainer's generator on one process).
                let batch = trainData.batch(indices, using: &generator)
                let draws = configuration.training.trainDrawCount, context = trainContext?.gatheringRows(indices)
                switch configuration.training.objective ?? .elbo {
                case .elbo: return try model.elbo(batch, context: context, drawCount: draws, using: &generator).mean()
                case .iwae: return try model.importanceWeightedBound(batch, context: context, drawCount: draws, using: &generator).mean()
                }
            }
            var gradients = (-objective).gradients(withRespectTo: optimizer.parameters.map(\.value))
            let value = try replicas.sum(objective: objective.item, gradients: &gradients)
            guard value.isFinite else { return nil }
            let norm = Adam.globalNorm(of: gradients)
            guard norm.isFinite else { return nil }
            optimizer.update(with: gradients, globalNorm: norm)
            total += value
            log?.trainingDidFinishStep(epoch: state.epoch + 1, step: step + 1, of: stepCount, objective: value)
        }
        return total / Double(max(stepCount, 1))
    }

    /// The mean validation estimate in evaluation mode; `nil` if it is not finite. Errors (which only bad
    /// input or configuration can cause) propagate: they are not a divergence to roll back from.
    func validate() throws -> Double? {
        if case .rows(let rows) = trainData, configuration.training.batchNormStatistics == .trainingSet {
            model.recomputeBatchNormStatistics(from: rows, context: trainContext)
        }
        model.setMode(.evaluation)
        let samples = configuration.training.validationImportanceSamples
        let estimate: LogLikelihoodEstimate
        switch validationData {
        case .rows(let points):
            estimate = try model.logLikelihood(points, context: validationContext, importanceSamples: samples, using: &generator)
        case .images:
            estimate = try model.logLikelihood(validationData.all(using: &generator), importanceSamples: samples, inChunksOf: ImageExperiment.rowsPerPass,
                                               using: &generator)
        }
        return estimate.mean.isFinite ? estimate.mean : nil
    }

    private func saveCheckpoint(to path: String) throws {
        var metadata = try RunIdentity.metadata(configuration: configuration, runID: runID)
        metadata["progress"] = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        metadata[Trainer.historyKey] = String(decoding: try RunFolder.lineEncoder.encode(history), as: UTF8.self)
        try Checkpoint(model: model, optimizer: optimizer, metadata: metadata).save(to: path, simulatedError: run.hooks.simulatedError(for: path))
    }
}
