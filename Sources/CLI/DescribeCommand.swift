import ArgumentParser
import Foundation
import Experiments
import Flows
import Networks
import Tensors

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a model's architecture and parameter count without training.",
        discussion: "JSON keys: parameters, model, dataset, dimension, configuration.")

    @OptionGroup var experiment: ExperimentOptions

    @Flag(help: "Print one JSON object as the last line.")
    var json = false

    struct Result: Encodable { let parameters: Int, model: String, dataset: String, dimension: Int, trainRows: Int?, configuration: ExperimentConfiguration }

    func run() throws {
        // The paper's datasets need only their dimension here, so their files are not read.
        let resolved = try experiment.resolve(readingCatalogueFiles: false)
        let configuration = resolved.configuration
        var generator = SplitMix64(seed: configuration.training.seed)
        let model = try configuration.buildModel(using: &generator)
        if json {
            return try JSONLine.print(Result(parameters: model.parameterCount, model: configuration.model.kind.rawValue, dataset: resolved.name,
                                             dimension: model.dimension, trainRows: resolved.dataset?.train.rowCount, configuration: configuration))
        }
        print("\(configuration.model.kind.rawValue) for \(resolved.name) (D = \(model.dimension)): \(model.parameterCount) parameters")
        DataDescription.lines(configuration, dataset: resolved.dataset).forEach { print($0) }
        ImageDescription.lines(configuration, images: nil, parameters: model.parameterCount, folder: nil).dropFirst().forEach { print($0) }
        if resolved.prepared != nil, let rows = resolved.dataset?.train.rowCount {
            let tier = DataSizedDefaults.tier(rowCount: rows)
            print("Defaults sized to the data (README, \"Your own data\"): \(rows) training rows, \(model.dimension) columns → the \"\(tier.rows) rows\" tier: "
                + "\(tier.layers) flow steps, batch \(DataSizedDefaults.batchSize(rowCount: rows)), K_train \(tier.trainDraws), patience \(tier.patience); widths at least 2·D; flags override them.")
        }
        for (index, step) in model.steps.enumerated() {
            print(String(format: "  %2d  ", index + 1) + StepDescription.describe(step))
        }
        let t = configuration.training
        print("Training: Adam lr \(t.learningRate), batch \(t.batchSize), up to \(t.maximumEpochs) epochs, patience \(t.patience.map(String.init) ?? "none"), K_train \(t.trainDrawCount), K_valid \(t.validationImportanceSamples), seed \(t.seed)")
    }
}

/// One line per flow step for `lgf describe`.
enum StepDescription {
    static func describe(_ step: FlowStep) -> String {
        switch step {
        case .bijection(let bijection):
            return "\(describe(bijection)) (\(bijection.parameterCount) parameters)"
        case .factorOut(let split):
            return "factor out features \(split.keptCount)..<\(split.featureCount) to N(0, I)"
        case .indexed(let layer):
            return "LGF layer: \(describe(layer.bijection)); u ∈ ℝ^\(layer.indexDimension); p(u|z) \(widths(layer.indexPrior.network)); q(u|x) \(widths(layer.indexPosterior.network)) (\(layer.parameterCount) parameters)"
        }
    }

    static func describe(_ bijection: any Bijection) -> String {
        switch bijection {
        case let made as AffineAutoregressiveBijection:
            return "MADE \(made.made.layers.map { String($0.weight.shape[0]) }.dropLast().joined(separator: "×"))"
        case let affine as ConditionalAffineBijection:
            return (affine.base.map { describe($0) + " then " } ?? "") + "conditional affine, s,t \(widths(affine.shiftScaleNetwork))"
        case let coupling as AffineCouplingBijection:
            return "affine coupling on features \(coupling.transformedFeatures), coupler \(widths(coupling.coupler))\(coupling.contextCount > 0 ? " (sees u)" : "")"
        case let permutation as PermutationBijection:
            return "permutation \(permutation.order)"
        case is BatchNormBijection:
            return "batch norm"
        case let coupling as MaskedAffineCouplingBijection:
            return "affine coupling (\(coupling.partition.isMask ? "checkerboard" : "channel halves")), conditioner \(widths(coupling.conditioner))"
        case let squeeze as SqueezeBijection:
            return "squeeze \(squeeze.inputShape) → \(squeeze.outputShape)"
        case let logit as LogitTransformBijection:
            return "logit pre-transform, λ = \(logit.lambda)"
        case is StandardizationBijection:
            return "standardise: (x − training mean) / training std, fixed"
        default:
            return String(describing: type(of: bijection))
        }
    }

    static func widths(_ network: any VectorNetwork) -> String {
        guard let mlp = network as? MLP else { return "\(String(describing: type(of: network))) \(network.inputCount)→\(network.outputCount)" }
        return "MLP \(mlp.inputCount)→" + mlp.layers.map { String($0.outputCount) }.joined(separator: "→")
    }
}
