import Tensors

/// An elementwise monotone map y = f(x; θ) of the transformed features of a coupling or an autoregressive layer, with
/// its parameters θ computed by a network: the "transform" of "mask + conditioner + transform" (nflows'
/// `CouplingTransform` and `AutoregressiveTransform`, zuko's `MonotonicTransform`).
///
/// The network gives `parameterCount` raw outputs per transformed feature, laid out by parameter: for n features,
/// column p·n + j of its `[batch, parameterCount · n]` output is raw parameter p of feature j (a MADE's heads one after
/// the other). `parameters(from:featureCount:)` maps them to θ once per network pass; `forward` and `inverse` then
/// read θ. Log-derivatives are elementwise, so a layer's log|det| is their sum over the features.
public protocol ElementwiseTransform: Sendable {
    /// θ for a batch: the tensors `forward` and `inverse` read.
    associatedtype Parameters

    /// Raw network outputs per transformed feature (2 for an affine map, 3K − 1 for a K-bin spline).
    var parameterCount: Int { get }

    /// What the transform is, for a model's description, e.g. `affine`.
    var architecture: String { get }

    /// The raw values, one per parameter, that make f the identity (zeros for an affine map): a coupling whose
    /// conditioner outputs them for every input starts as the identity (`CouplingBijection.startAsIdentity()`).
    var identityRawParameters: [Double] { get }

    /// θ from raw network outputs.
    /// - Parameters:
    ///   - raw: `[batch, parameterCount · featureCount]`, laid out by parameter.
    ///   - featureCount: n, the number of transformed features.
    func parameters(from raw: Tensor, featureCount: Int) -> Parameters

    /// y = f(x; θ) and log f′(x; θ).
    /// - Parameter x: `[batch, n]`. - Returns: both `[batch, n]`.
    func forward(_ x: Tensor, _ parameters: Parameters) -> (output: Tensor, logDerivative: Tensor)

    /// x = f⁻¹(y; θ) and log (f⁻¹)′(y; θ) = −log f′(x; θ).
    /// - Parameter y: `[batch, n]`. - Returns: both `[batch, n]`.
    func inverse(_ y: Tensor, _ parameters: Parameters) -> (output: Tensor, logDerivative: Tensor)

    /// `forward` on all D features of a mask coupling, where only the features with `changed` = 1 are transformed
    /// and the others pass through (log-derivative 0).
    /// - Parameter changed: `[D]`, 1 where a feature is transformed and 0 where it passes through.
    func forward(_ x: Tensor, _ parameters: Parameters, changing changed: Tensor) -> (output: Tensor, logDerivative: Tensor)

    /// `inverse` on all D features of a mask coupling (see `forward(_:_:changing:)`).
    func inverse(_ y: Tensor, _ parameters: Parameters, changing changed: Tensor) -> (output: Tensor, logDerivative: Tensor)
}

extension ElementwiseTransform {
    /// Transforms every feature and keeps the result only where `changed` is 1: y ⊙ c + x ⊙ (1 − c). A transform that is
    /// the identity at some parameter values can do better by setting those values where c = 0 (`AffineTransform`).
    public func forward(_ x: Tensor, _ parameters: Parameters, changing changed: Tensor) -> (output: Tensor, logDerivative: Tensor) {
        let (y, logDerivative) = forward(x, parameters)
        return (y * changed + x * (1.0 - changed), logDerivative * changed)
    }

    public func inverse(_ y: Tensor, _ parameters: Parameters, changing changed: Tensor) -> (output: Tensor, logDerivative: Tensor) {
        let (x, logDerivative) = inverse(y, parameters)
        return (x * changed + y * (1.0 - changed), logDerivative * changed)
    }
}
