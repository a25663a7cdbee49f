import Tensors
import Networks

/// A coupling layer written once as partition + conditioner + transform (Dinh et al., *Density estimation using
/// Real NVP*, ICLR 2017, arXiv:1605.08803, §3.3–3.6; nflows' `CouplingTransform`):
///
///     θ = conditioner([x_a, u, c]),   z_a = x_a,   z_b = f(x_b; θ),   log|det ∂z/∂x| = Σ log f′(x_b; θ).
///
/// The `partition` says which features are x_a (pass through and condition) and x_b (transformed): contiguous halves
/// (flat vectors, or the channel halves of a flattened image), or a mask, where the conditioner sees x ⊙ m and gives θ
/// for all D features, used only where m = 0 (the checkerboard on images). `f` is any `ElementwiseTransform`: affine
/// (Real NVP) or a rational-quadratic spline (Durkan et al., *Neural Spline Flows*, NeurIPS 2019, arXiv:1906.04032, §3).
/// With an `indexCount` the conditioner also sees the index u (the LGF variant of Appendix C in which u enters the
/// coupler instead of a separate affine layer), and with a `contextCount` the context c of a conditional density, in
/// that order after x_a; whatever it was not built for it ignores.
public final class CouplingBijection<Transform: ElementwiseTransform>: Bijection {
    public var architecture: String {
        let sees = [indexCount > 0 ? "u" : nil, contextCount > 0 ? "c" : nil].compactMap { $0 }
        return "\(transform.architecture) coupling (\(partition.summary)), conditioner \(conditioner.architecture)"
            + (sees.isEmpty ? "" : " (sees \(sees.joined(separator: " and ")))")
    }
    public let partition: CouplingPartition
    public let conditioner: any VectorNetwork
    public let transform: Transform
    /// The width of the index u the conditioner sees after x_a (0: none).
    public let indexCount: Int
    /// The width of the context c the conditioner sees after x_a and u (0: none).
    public let contextCount: Int
    /// The conditioner's role in checkpoint names: `coupler` for the flat vector couplings and `conditioner` for the
    /// others, as their checkpoints have always named it.
    private let conditionerName: String
    /// `pass` is 1 where a feature passes through, `changed` 1 where it is transformed, `[D]` each (mask partitions only).
    private let masks: (pass: Tensor, changed: Tensor)?
    public var sublayers: [any Layer] { [conditioner] }
    public var sublayerNames: [String] { [conditionerName] }

    /// - Precondition: the conditioner maps |x_a| + `indexCount` + `contextCount` features (D + … for a mask) to
    ///   `transform.parameterCount` outputs per transformed feature (per feature for a mask).
    public convenience init(partition: CouplingPartition, conditioner: any VectorNetwork, transform: Transform, indexCount: Int = 0, contextCount: Int = 0) {
        self.init(partition: partition, conditioner: conditioner, transform: transform, indexCount: indexCount, contextCount: contextCount,
                  conditionerName: "conditioner")
    }

    init(partition: CouplingPartition, conditioner: any VectorNetwork, transform: Transform, indexCount: Int, contextCount: Int, conditionerName: String) {
        require(partition.isValid, "CouplingBijection: the partition \(partition) does not cover its features")
        let widths = partition.conditionerWidths(parameterCount: transform.parameterCount)
        let inputCount = widths.input + indexCount + contextCount
        require(conditioner.inputCount == inputCount && conditioner.outputCount == widths.output,
                "CouplingBijection: the conditioner maps \(conditioner.inputCount) → \(conditioner.outputCount) features, the partition and transform need \(inputCount) → \(widths.output)")
        self.partition = partition
        self.conditioner = conditioner
        self.transform = transform
        self.indexCount = indexCount
        self.contextCount = contextCount
        self.conditionerName = conditionerName
        if case .mask(let passes) = partition {
            masks = (Tensor(shape: [passes.count], scalars: passes.map { $0 ? 1 : 0 }), Tensor(shape: [passes.count], scalars: passes.map { $0 ? 0 : 1 }))
        } else {
            masks = nil
        }
    }

    /// D.
    public var featureCount: Int { partition.featureCount }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) { coupled(x, conditioning, .forward) }

    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) { coupled(z, conditioning, .inverse) }

    /// Which way a layer maps: x → z or z → x.
    private enum Direction { case forward, inverse }

    /// The coupling in either direction: the pass-through features (x_a = z_a, or x ⊙ m = z ⊙ m) condition the transform
    /// of the others identically both ways, so only the transform's direction differs.
    private func coupled(_ input: Tensor, _ conditioning: Conditioning, _ direction: Direction) -> (output: Tensor, logAbsDet: Tensor) {
        func apply(_ values: Tensor, _ θ: Transform.Parameters, changing changed: Tensor? = nil) -> (output: Tensor, logDerivative: Tensor) {
            switch (direction, changed) {
            case (.forward, nil): return transform.forward(values, θ)
            case (.inverse, nil): return transform.inverse(values, θ)
            case (.forward, let changed?): return transform.forward(values, θ, changing: changed)
            case (.inverse, let changed?): return transform.inverse(values, θ, changing: changed)
            }
        }
        switch partition {
        case .mask:
            let (pass, changed) = masks(like: input)
            let (output, logDerivative) = apply(input, parameters(conditioning: input * pass, conditioning), changing: changed)
            return (output, logDerivative.sum(alongAxis: 1))
        case let .halves(identity, transformed):
            let a = input.slicingColumns(identity), b = input.slicingColumns(transformed)
            let (y, logDerivative) = apply(b, parameters(conditioning: a, conditioning))
            return (merged(identity: a, transformed: y), logDerivative.sum(alongAxis: 1))
        }
    }

    /// θ from the conditioner applied to `input` (x_a, or x ⊙ m) followed by u and c where the layer sees them.
    private func parameters(conditioning input: Tensor, _ conditioning: Conditioning) -> Transform.Parameters {
        let extras = [ExtraInput.index(conditioning.index, width: indexCount), .context(conditioning.context, width: contextCount)]
        let features = conditionerInput(input, appending: extras, in: "CouplingBijection")
        return transform.parameters(from: conditioner(features), featureCount: partition.transformedCount)
    }

    /// The mask partition's two masks in the precision of `x`.
    private func masks(like x: Tensor) -> (pass: Tensor, changed: Tensor) {
        guard let masks else { requirementFailure("CouplingBijection: no mask for a halves partition") }
        guard masks.pass.dtype != x.dtype else { return masks }
        return (masks.pass.converted(to: x.dtype), masks.changed.converted(to: x.dtype))
    }

    /// x_a and x_b back in the features' order.
    private func merged(identity a: Tensor, transformed b: Tensor) -> Tensor {
        guard case let .halves(identity, _) = partition else { return b }
        return identity.lowerBound == 0 ? Tensor.concatenatingColumns([a, b]) : Tensor.concatenatingColumns([b, a])
    }
}
