import Tensors
import Networks

/// An affine coupling layer written once as mask + conditioner + transform (Dinh et al., *Density estimation
/// using Real NVP*, ICLR 2017, arXiv:1605.08803, Eq. 6–9; nflows' `CouplingTransform`):
///
///     (s, t) = conditioner(x_a),   z_a = x_a,   z_b = x_b ⊙ exp(s) + t,   log|det ∂z/∂x| = Σ s,
///
/// where the `partition` says which features are x_a (pass through) and x_b (transformed). The conditioner is
/// any `VectorNetwork` (an MLP, or a ResNet behind an `ImageNetwork`) whose output halves are s, then t. For a
/// checkerboard mask m the conditioner sees x ⊙ m and s, t are multiplied by 1 − m, as in the reference code;
/// for channel halves it sees x_a alone. Ignores `context`.
public final class MaskedAffineCouplingBijection: Bijection {
    public var architecture: String { "affine coupling (\(partition.isMask ? "checkerboard" : "channel halves")), conditioner \(conditioner.architecture)" }
    public let partition: CouplingPartition
    public let conditioner: any VectorNetwork
    /// 1 where a feature passes through, `[D]` (mask partitions only).
    private let passMask: Tensor?
    public var sublayers: [any Layer] { [conditioner] }
    public var sublayerNames: [String] { ["conditioner"] }

    /// - Precondition: the conditioner's widths match the partition (D → 2D for a mask, |x_a| → 2|x_b| for halves).
    public init(partition: CouplingPartition, conditioner: any VectorNetwork) {
        require(partition.isValid, "MaskedAffineCouplingBijection: the partition \(partition) does not cover its features")
        let widths = partition.conditionerWidths
        require(conditioner.inputCount == widths.input && conditioner.outputCount == widths.output,
                "MaskedAffineCouplingBijection: the conditioner maps \(conditioner.inputCount) → \(conditioner.outputCount) features, the partition needs \(widths.input) → \(widths.output)")
        self.partition = partition
        self.conditioner = conditioner
        if case .mask(let passes) = partition {
            passMask = Tensor(shape: [passes.count], scalars: passes.map { $0 ? 1 : 0 })
        } else {
            passMask = nil
        }
    }

    /// D.
    public var featureCount: Int { partition.featureCount }

    public func forward(_ x: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        switch partition {
        case .mask:
            let (logScale, shift) = maskedShiftAndLogScale(conditioning: x)
            return (x * logScale.exp() + shift, logScale.sum(alongAxis: 1))
        case let .halves(identity, transformed):
            let a = x.slicingColumns(identity), b = x.slicingColumns(transformed)
            let (logScale, shift) = halvesOf(conditioner(a))
            return (merged(identity: a, transformed: b * logScale.exp() + shift), logScale.sum(alongAxis: 1))
        }
    }

    public func inverse(_ z: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        switch partition {
        case .mask:
            // z ⊙ m = x ⊙ m: the conditioner sees the same input in both directions.
            let (logScale, shift) = maskedShiftAndLogScale(conditioning: z)
            return ((z - shift) * (-logScale).exp(), -logScale.sum(alongAxis: 1))
        case let .halves(identity, transformed):
            let a = z.slicingColumns(identity), b = z.slicingColumns(transformed)
            let (logScale, shift) = halvesOf(conditioner(a))
            return (merged(identity: a, transformed: (b - shift) * (-logScale).exp()), -logScale.sum(alongAxis: 1))
        }
    }

    /// s and t, zeroed where features pass through, from the conditioner applied to `input` ⊙ m.
    private func maskedShiftAndLogScale(conditioning input: Tensor) -> (logScale: Tensor, shift: Tensor) {
        guard let passMask else { requirementFailure("MaskedAffineCouplingBijection: no mask for a halves partition") }
        let pass = passMask.dtype == input.dtype ? passMask : passMask.converted(to: input.dtype)
        let transform = 1.0 - pass
        let (logScale, shift) = halvesOf(conditioner(input * pass))
        return (logScale * transform, shift * transform)
    }

    /// The conditioner's output `[batch, 2n]` as (s, t), each `[batch, n]`.
    private func halvesOf(_ output: Tensor) -> (logScale: Tensor, shift: Tensor) {
        let n = output.shape[1] / 2
        return (output.slicingColumns(0..<n), output.slicingColumns(n..<(2 * n)))
    }

    /// x_a and x_b back in the features' order.
    private func merged(identity a: Tensor, transformed b: Tensor) -> Tensor {
        guard case let .halves(identity, _) = partition else { return b }
        return identity.lowerBound == 0 ? Tensor.concatenatingColumns([a, b]) : Tensor.concatenatingColumns([b, a])
    }
}
