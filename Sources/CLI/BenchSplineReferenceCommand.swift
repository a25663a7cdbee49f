import ArgumentParser
import Benchmarks
import Flows
import Foundation
import Networks

/// `lgf bench spline-reference`: a fresh neural spline flow's weights, inputs and float64 log-densities in one safetensors
/// file, which `benchmarks/compare-splines.py` loads into nflows to check that both compute the same density.
struct BenchSplineReference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spline-reference",
        abstract: "Write a fresh neural spline flow's weights, random inputs (some in the tails) and its float64 log-densities as safetensors.",
        discussion: """
            Models: nsf (MADE spline steps with reverses between) and nsf-coupling (spline couplings of alternating halves), \
            neither with batch norm. Tensors are named as in checkpoints, plus reference.inputs [N, D] and \
            reference.logDensity [N]; the metadata holds the model specification as JSON. benchmarks/compare-splines.sh \
            runs this and the comparison with nflows.
            """)

    @Option(help: "nsf or nsf-coupling.")
    var model = "nsf"

    @Option(parsing: .unconditional, help: "D, the data dimension.")
    var dimension = 2

    @Option(parsing: .unconditional, help: "L, the number of spline steps.")
    var layers = 5

    @Option(parsing: .unconditional, help: "Hidden widths of each MADE or coupler, comma-separated.")
    var hidden = IntegerList(argument: "50,50")!

    @Option(parsing: .unconditional, help: "K, the bins of every spline.")
    var bins = SplineSpecification().binCount

    @Option(parsing: .unconditional, help: "B, the splines cover [-B, B] and are the identity outside.")
    var tailBound = SplineSpecification().tailBound

    @Option(help: "Hidden activation: tanh or relu.")
    var activation = Activation.tanh

    @Option(parsing: .unconditional, help: "N, the number of inputs.")
    var points = 256

    @Option(parsing: .unconditional, help: "Seed of the weights and the inputs.")
    var seed: UInt64 = 0

    @Option(help: "The safetensors file to write.", completion: .file(extensions: ["safetensors"]))
    var output: String

    var kind: ModelKind? { ["nsf": .maf, "nsf-coupling": .realNVP][model.lowercased()] }

    var specification: ModelSpecification {
        ModelSpecification(kind: kind ?? .maf, dimension: dimension, layerCount: layers, hiddenCounts: hidden.values, activation: activation,
                           spline: SplineSpecification(binCount: bins, tailBound: tailBound))
    }

    func validate() throws {
        guard kind != nil else { throw ValidationError("--model must be nsf or nsf-coupling, got \(model)") }
        guard points >= 1 else { throw ValidationError("--points must be at least 1, got \(points)") }
        do {
            try ModelBuilder.validate(specification)
        } catch let error as FlowConfigurationError {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        var reference = SplineReference(specification: specification)
        reference.pointCount = points
        reference.seed = seed
        let bytes = try reference.encoded()
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw ValidationError("cannot write \(output): \(error.localizedDescription)")
        }
    }
}
