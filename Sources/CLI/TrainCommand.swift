import ArgumentParser
import Foundation
import Distributed
import Tensors
import Datasets
import Configurations
import Runs
import Training

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a flow (paper configuration by default) with early stopping and checkpoints.",
        discussion: "Writes a run folder: configuration.json, metrics.jsonl, checkpoints/best.safetensors and latest.safetensors, summary.json. With --json the last line is {run, epochs, bestValidation, …}. SIGINT or SIGTERM stops after the current epoch (exit 130 or 143; --resume continues). Other exit codes: 1 bad input, 3 diverged, 64 usage, 65 damaged run file, 74 I/O failure.")

    @OptionGroup var experiment: ExperimentOptions

    @Option(help: "The run folder to create (or to continue with --resume).", completion: .directory)
    var output: String = "runs/lgf-run"

    @Flag(help: ArgumentHelp("Continue the run in --output from its latest checkpoint (\(ExperimentOptions.resumableFlags.joined(separator: " and ")) may be given, "
                             + "e.g. a larger --epochs; other data, model and hyperparameter flags are refused)."))
    var resume = false

    @OptionGroup var compute: ComputeOptions

    @OptionGroup var format: JSONOption

    @Flag(help: "Under mpirun, split every batch over the ranks (summed gradients, shared batch-norm statistics); rank 0 validates and writes the run folder. Alone, an ordinary run.")
    var dataParallel = false

    @OptionGroup var longEvaluation: LongEvaluationOption

    func validate() throws {
        if output.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--output must name a folder, got \"\(output)\"") }
    }

    func run() throws {
        compute.apply()
        InterruptFlag.install()
        let ranks = try DataParallelRanks.group(requested: dataParallel)
        try DataParallelRanks.abortingJobOnError(of: ranks) { try train(on: ranks) }
    }

    private func train(on ranks: any ProcessGroup) throws {
        var folder = RunFolder(path: output)
        let environment = ProcessInfo.processInfo.environment
        for hooks in [try KillPoint.hooks(from: environment), try PausePoint.hooks(from: environment)].compactMap({ $0 }) {
            folder.hooks = folder.hooks.followed(by: hooks)
        }
        let configuration: ExperimentConfiguration
        var dataset: Datasets.Dataset?
        var images: ImageDataset?
        if resume {
            // Checked before anything is created: --resume never starts another run in a folder that is not one.
            try folder.checkIsRun()
            if ranks.isLeader { folder.lock = try folder.acquireLock(command: "lgf train --resume") }
            configuration = try experiment.resumedConfiguration(of: folder, writing: ranks.isLeader)
            if configuration.image != nil { images = try configuration.loadImages(limits: experiment.limits) } else { dataset = try configuration.loadDataset() }
        } else {
            // Refused before the data are read; the trainer checks again under the folder's lock before it writes.
            try folder.checkCanStartNewRun()
            if experiment.dataSource.holdsImages {
                let resolved = try experiment.resolveImageRun()
                (configuration, images) = (resolved.0, resolved.1)
            } else {
                let resolved = try experiment.resolve()
                (configuration, dataset) = (resolved.0, resolved.1)
            }
        }
        if longEvaluation.checksTime {
            try EvaluationTime.check(configuration, importanceSamples: configuration.training.validationImportanceSamples,
                                     points: images?.validation.count ?? dataset?.validation.rowCount ?? 0, what: "each epoch's validation")
        }
        let progress = TrainingProgress(label: configuration.model.modelName, totalEpochs: configuration.training.maximumEpochs,
                                        imagesPerStep: images.map { min(configuration.training.batchSize, $0.train.count) })
        let log = ranks.isLeader ? progress : nil
        let trainer: Trainer
        if let images {
            trainer = try Trainer(configuration: configuration, images: images, run: folder, log: log, limits: experiment.limits)
            if !format.json && ranks.isLeader { ImageDescription.lines(configuration, images: images, parameters: trainer.model.parameterCount, folder: folder.path).forEach { print($0) } }
        } else if let dataset {
            trainer = try Trainer(configuration: configuration, dataset: dataset, run: folder, log: log, limits: experiment.limits)
            if !format.json && ranks.isLeader {
                print("Training \(configuration.model.modelName) (\(trainer.model.parameterCount) parameters) on \(dataset.name): \(dataset.train.rowCount) train / \(dataset.validation.rowCount) validation points → \(folder.path)")
                DataDescription.lines(configuration, dataset: dataset).forEach { print($0) }
            }
        } else {
            throw ExperimentError.unsupported("internal error: no data were loaded")
        }
        try trainer.distribute(over: ranks)
        if !format.json && ranks.isLeader && ranks.size > 1 {
            print("Data-parallel over \(ranks.size) ranks: each batch of \(configuration.training.batchSize) rows is split between them; rank 0 writes.")
        }
        let summary = try trainer.train(resuming: resume)
        if format.json && ranks.isLeader {
            try JSONLine.print(summary)
        } else if ranks.isLeader {
            print("Finished after \(summary.epochs) epochs (\(summary.ending.rawValue)); best validation \(String(format: "%.4f", summary.bestValidation)) at epoch \(summary.bestEpoch).")
        }
        if summary.ending == .interrupted && InterruptFlag.isRequested { throw ExitCode(InterruptFlag.exitCode) }
    }
}
