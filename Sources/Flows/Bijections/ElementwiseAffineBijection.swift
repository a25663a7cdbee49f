import Tensors
import Networks

/// A learnable per-feature affine map z = x ⊙ exp(s) + t with log|det| = Σ s (s and t start at 0).
/// Ignores the conditioning (index and context).
public final class ElementwiseAffineBijection: Bijection {
    public let logScale: Parameter
    public let shift: Parameter
    public var ownParameters: [Parameter] { [logScale, shift] }

    public init(featureCount: Int) {
        logScale = Parameter(name: "logScale", value: Tensor(zeros: [featureCount]))
        shift = Parameter(name: "shift", value: Tensor(zeros: [featureCount]))
    }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        (x * logScale.value.exp() + shift.value, logScale.value.sum() + zeroLogAbsDet(like: x))
    }

    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        ((z - shift.value) * (-logScale.value).exp(), -logScale.value.sum() + zeroLogAbsDet(like: z))
    }
}
