import Tensors
import Networks

/// A coupling layer written once as partition + conditioner + transform (Dinh et al., *Density estimation using
/// Real NVP*, ICLR 2017, arXiv:1605.08803, §3.3–3.6; nflows' `CouplingTransform`):
///
///     θ = conditioner([x_a, context]),   z_a = x_a,   z_b = f(x_b; θ),   log|det ∂z/∂x| = Σ log f′(x_b; θ).
///
/// The `partition` says which features are x_a (pass through and condition) and x_b (transformed): contiguous halves
/// (flat vectors, or the channel halves of a flattened image), or a mask, where the conditioner sees x ⊙ m and gives θ
/// for all D features, used only where m = 0 (the checkerboard on images). `f` is any `ElementwiseTransform`: affine
/// (Real NVP) or a rational-quadratic spline (Durkan et al., *Neural Spline Flows*, NeurIPS 2019, arXiv:1906.04032, §3).
/// With a `contextCount` the conditioner also sees the context (the LGF variant of Appendix C in which u enters the
/// coupler instead of a separate affine layer); without one the context is ignored.
public final class CouplingBijection<Transform: ElementwiseTransform>: Bijection {
    public var architecture: String {
        "\(transform.architecture) coupling (\(partition.summary)), conditioner \(conditioner.architecture)\(contextCount > 0 ? " (sees u)" : "")"
    }
    public let partition: CouplingPartition
    public let conditioner: any VectorNetwork
    public let transform: Transform
    /// The width of the context the conditioner sees after x_a (0: none).
    public let contextCount: Int
    /// The conditioner's role in checkpoint names: `coupler` for the flat vector couplings and `conditioner` for the
    /// others, as their checkpoints have always named it.
    private let conditionerName: String
    /// `pass` is 1 where a feature passes through, `changed` 1 where it is transformed, `[D]` each (mask partitions only).
    private let masks: (pass: Tensor, changed: Tensor)?
    public var sublayers: [any Layer] { [conditioner] }
    public var sublayerNames: [String] { [conditionerName] }

    /// - Precondition: the conditioner maps |x_a| + `contextCount` features (D for a mask) to
    ///   `transform.parameterCount` outputs per transformed feature (per feature for a mask).
    public convenience init(partition: CouplingPartition, conditioner: any VectorNetwork, transform: Transform, contextCount: Int = 0) {
        self.init(partition: partition, conditioner: conditioner, transform: transform, contextCount: contextCount, conditionerName: "conditioner")
    }

    init(partition: CouplingPartition, conditioner: any VectorNetwork, transform: Transform, contextCount: Int, conditionerName: String) {
        require(partition.isValid, "CouplingBijection: the partition \(partition) does not cover its features")
        let widths = partition.conditionerWidths(parameterCount: transform.parameterCount)
        require(conditioner.inputCount == widths.input + contextCount && conditioner.outputCount == widths.output,
                "CouplingBijection: the conditioner maps \(conditioner.inputCount) → \(conditioner.outputCount) features, the partition and transform need \(widths.input + contextCount) → \(widths.output)")
        self.partition = partition
        self.conditioner = conditioner
        self.transform = transform
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

    public func forward(_ x: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) { coupled(x, context: context, .forward) }

    public func inverse(_ z: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) { coupled(z, context: context, .inverse) }

    /// Which way a layer maps: x → z or z → x.
    private enum Direction { case forward, inverse }

    /// The coupling in either direction: the pass-through features (x_a = z_a, or x ⊙ m = z ⊙ m) condition the transform
    /// of the others identically both ways, so only the transform's direction differs.
    private func coupled(_ input: Tensor, context: Tensor?, _ direction: Direction) -> (output: Tensor, logAbsDet: Tensor) {
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
            let (output, logDerivative) = apply(input, parameters(conditioning: input * pass, context: context), changing: changed)
            return (output, logDerivative.sum(alongAxis: 1))
        case let .halves(identity, transformed):
            let a = input.slicingColumns(identity), b = input.slicingColumns(transformed)
            let (y, logDerivative) = apply(b, parameters(conditioning: a, context: context))
            return (merged(identity: a, transformed: y), logDerivative.sum(alongAxis: 1))
        }
    }

    /// θ from the conditioner applied to `input` (x_a, or x ⊙ m) and, when the layer has one, the context after it.
    private func parameters(conditioning input: Tensor, context: Tensor?) -> Transform.Parameters {
        var conditioning = input
        if contextCount > 0 {
            guard let context else { requirementFailure("CouplingBijection: the conditioner sees a context of width \(contextCount), none was given") }
            require(context.shape.lastExtent == contextCount, "CouplingBijection: context of width \(context.shape.lastExtent), expected \(contextCount)")
            conditioning = Tensor.concatenatingColumns([input, context])
        }
        return transform.parameters(from: conditioner(conditioning), featureCount: partition.transformedCount)
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
