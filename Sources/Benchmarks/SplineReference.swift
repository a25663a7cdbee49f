import Foundation
import Checkpoints
import Flows
import Networks
import Tensors

/// A freshly built neural spline flow, its weights, inputs and its float64 log-densities of them, as one safetensors
/// file: what `benchmarks/compare-splines.py` copies into nflows' modules to check that both compute the same density
/// (`lgf bench spline-reference`).
///
/// The file holds every model tensor under its checkpoint name (`steps.2.made.layers.0.weight`, …) in float64, the
/// inputs `reference.inputs` `[N, D]` and our log-densities `reference.logDensity` `[N]`, and in its metadata the
/// model specification as JSON (`specification`) and the model's name and parameter count. The inputs are in three
/// parts: draws of N(0, (2B/3)²), mostly inside [−B, B]; points in the linear tails, |x_i| ∈ (B, 3B); and rows whose
/// coordinates are exactly −B, 0 or B (the spline's ends, where the first layer's bin search is at its edges).
public struct SplineReference: Sendable {
    public var specification: ModelSpecification
    /// N, the number of inputs.
    public var pointCount = 256
    /// The seed of the weights and of the inputs.
    public var seed: UInt64 = 0

    /// - Precondition: the specification has a spline.
    public init(specification: ModelSpecification) {
        require(specification.spline != nil, "SplineReference: the specification has no spline")
        self.specification = specification
    }

    /// The file's contents. - Throws: `FlowConfigurationError` for an invalid specification.
    public func encoded() throws -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        let density = try ModelBuilder.build(specification, using: &generator)
        density.setMode(.evaluation)
        density.convert(to: .float64)
        let inputs = Self.inputs(count: pointCount, dimension: specification.dimension, tailBound: specification.spline?.tailBound ?? 1,
                                 using: &generator)
        let logDensity = try withoutGradientRecording { try density.logProb(inputs) }
        var state: [String: Tensor] = [:]
        for (name, tensor) in density.namedState { state[name] = tensor.value.converted(to: .float64) }
        state["reference.inputs"] = inputs
        state["reference.logDensity"] = logDensity.reshaped(to: [pointCount])
        let json = String(decoding: try JSONEncoder().encode(specification), as: UTF8.self)
        let metadata = ["specification": json, "model": specification.modelName, "parameters": String(density.parameterCount),
                        "seed": String(seed)]
        return Checkpoint(source: "SplineReference", modelState: state, optimizerState: nil, metadata: metadata).encoded()
    }

    /// `count` rows of `dimension` float64 inputs: 3/4 Gaussian of standard deviation 2B/3, 1/8 in the tails, the rest
    /// with coordinates on −B, 0 and B.
    static func inputs(count: Int, dimension: Int, tailBound b: Double, using generator: inout some RandomNumberGenerator) -> Tensor {
        let gaussian = count * 3 / 4, tails = count / 8
        var values: [Double] = []
        values.reserveCapacity(count * dimension)
        let normal = Tensor.randomNormal(shape: [count, dimension], dtype: .float64, using: &generator).doubles
        for row in 0..<count {
            for column in 0..<dimension {
                let z = normal[row * dimension + column]
                if row < gaussian {
                    values.append(z * 2 * b / 3)
                } else if row < gaussian + tails {
                    // Beyond the bound by up to 2B, on either side.
                    values.append((z < 0 ? -1 : 1) * (b + min(abs(z), 4) * b / 2 + 1e-3))
                } else {
                    values.append([-b, 0, b][(row + column) % 3])
                }
            }
        }
        return Tensor(shape: [count, dimension], doubles: values)
    }
}
