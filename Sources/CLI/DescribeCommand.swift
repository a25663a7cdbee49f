import ArgumentParser
import Foundation
import Flows
import Networks
import Tensors
import Configurations

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a model's architecture and parameter count without training.",
        discussion: "JSON keys: parameters, model, dataset, dimension, configuration.")

    @OptionGroup var experiment: ExperimentOptions

    @OptionGroup var format: JSONOption

    @Option(parsing: .unconditional, help: "Also compute the training objective's terms at initialisation, step by step, on the first N training points (images dequantised from --seed; reads the data).")
    var objectiveTerms: Int?

    func validate() throws {
        if let objectiveTerms, objectiveTerms < 2 { throw ValidationError("--objective-terms needs at least 2 points (batch norm uses batch statistics), got \(objectiveTerms)") }
    }

    struct Result: Encodable { let parameters: Int, model: String, dataset: String, dimension: Int, trainRows: Int?, configuration: ExperimentConfiguration }

    func run() throws {
        // The paper's datasets need only their dimension here, so their files are not read.
        let resolved = try experiment.resolve(readingCatalogueFiles: false)
        let configuration = resolved.configuration
        var generator = SplitMix64(seed: configuration.training.seed)
        let model = try configuration.buildModel(using: &generator)
        if format.json {
            return try JSONLine.print(Result(parameters: model.parameterCount, model: configuration.model.modelName, dataset: resolved.name,
                                             dimension: model.dimension, trainRows: resolved.dataset?.train.rowCount, configuration: configuration))
        }
        print("\(configuration.model.modelName) for \(resolved.name) (D = \(model.dimension)): \(model.parameterCount) parameters")
        DataDescription.lines(configuration, dataset: resolved.dataset).forEach { print($0) }
        ImageDescription.lines(configuration, images: nil, parameters: model.parameterCount, folder: nil).dropFirst().forEach { print($0) }
        if resolved.prepared != nil, let rows = resolved.dataset?.train.rowCount {
            let tier = DataSizedDefaults.tier(rowCount: rows)
            print("Defaults sized to the data (docs/user-guide/your-own-data.md): \(rows) training rows, \(model.dimension) columns → the \"\(tier.rows) rows\" tier: "
                + "\(tier.layers) flow steps, batch \(DataSizedDefaults.batchSize(rowCount: rows)), K_train \(tier.trainDraws), patience \(tier.patience) "
                + "after at least \(DataSizedDefaults.minimumSteps) steps, batch-norm statistics over the training set; widths at least 2·D; flags override them.")
        }
        for (index, step) in model.steps.enumerated() {
            print(String(format: "  %2d  ", index + 1) + step.architecture)
        }
        let t = configuration.training
        print("Training: Adam lr \(t.learningRate), batch \(t.batchSize), up to \(t.maximumEpochs) epochs, patience \(t.patience.map(String.init) ?? "none")\(t.minimumSteps.map { " (after at least \($0) steps)" } ?? ""), K_train \(t.trainDrawCount)\(configuration.model.kind.isLocalised ? " (\((t.objective ?? .elbo).rawValue))" : ""), K_valid \(t.validationImportanceSamples), seed \(t.seed)")
        if let objectiveTerms {
            let points = try ObjectiveTermsReport.firstTrainingPoints(objectiveTerms, of: configuration, prepared: resolved.dataset, seed: t.seed)
            let context = resolved.dataset?.context.map { $0.train.rows(in: 0 ..< points.shape[0]).tensor() }
            let breakdown = try model.objectiveBreakdown(points, context: context, using: &generator)
            ObjectiveTermsReport.lines(breakdown, pointCount: points.shape[0]).forEach { print($0) }
        }
    }
}
