import Tensors
import Networks

/// An autoregressive layer written once for any elementwise transform (Papamakarios et al., *Masked Autoregressive
/// Flow*, NeurIPS 2017, arXiv:1705.07057, §3; Durkan et al., *Neural Spline Flows*, NeurIPS 2019, arXiv:1906.04032,
/// §3.2; nflows' `AutoregressiveTransform`): a MADE with `transform.parameterCount` heads gives the parameters of
/// feature i from x_{<i}, and
///
///     z_i = f(x_i; θ_i(x_{<i})),   log|det ∂z/∂x| = Σᵢ log f′(x_i; θ_i).
///
/// The inverse needs D sequential passes: starting from x = 0, pass k computes θ from the current x and inverts f,
/// which makes coordinate k final (its θ_k depends only on coordinates already final). With a context c the MADE's
/// first hidden layer also sees c (θ_i(x_{<i}, c), see `MADE`), whose term the D passes compute once; the index u is
/// ignored.
///
/// With a `RationalQuadraticSpline` this is nflows' `MaskedPiecewiseRationalQuadraticAutoregressiveTransform` with
/// `use_residual_blocks=False`, `random_mask=False`, `tails="linear"`, `num_blocks` one less than our hidden layers
/// and our activation: its feedforward MADE applies the activation after every hidden layer as ours does. To copy our
/// weights into it, take our hidden units in nflows' order (ours hold nflows' degrees k mod (D − 1) + 1 sorted, so
/// unit i of ours is unit π(i) of nflows for π a stable sort of its degrees; see `MADE`) and our output rows p·D + j
/// to its rows j·(3K − 1) + p (nflows orders the outputs by feature).
public final class AutoregressiveBijection<Transform: ElementwiseTransform>: Bijection {
    public var architecture: String {
        let widths = made.layers.map { String($0.weight.shape[0]) }.dropLast().joined(separator: "×")
        let network = "MADE \(widths)" + (made.contextCount > 0 ? " (sees c)" : "")
        // The paper's MAF layers keep the description they have always had.
        return transform is AffineTransform ? network : "\(network), \(transform.architecture)"
    }
    public let made: MADE
    public let transform: Transform
    public var sublayers: [any Layer] { [made] }
    public var sublayerNames: [String] { ["made"] }

    /// - Precondition: the MADE has one head per parameter of the transform.
    public init(made: MADE, transform: Transform) {
        require(made.headCount == transform.parameterCount,
                "AutoregressiveBijection: the transform needs \(transform.parameterCount) MADE heads, the MADE has \(made.headCount)")
        self.made = made
        self.transform = transform
    }

    /// A layer over `featureCount` features with a new MADE of hidden widths `hiddenCounts` whose first hidden layer sees
    /// a context of `contextCount` features (0: none).
    public convenience init(featureCount: Int, hiddenCounts: [Int], contextCount: Int = 0, activation: Activation = .tanh, transform: Transform,
                            using generator: inout some RandomNumberGenerator) {
        self.init(made: MADE(featureCount: featureCount, hiddenCounts: hiddenCounts, headCount: transform.parameterCount, contextCount: contextCount,
                             activation: activation, using: &generator),
                  transform: transform)
    }

    /// θ from one MADE pass over `x`, with the context's term already computed (`MADE.contextTerm(_:)`).
    private func parameters(_ x: Tensor, contextTerm: Tensor?) -> Transform.Parameters {
        transform.parameters(from: made.output(x, contextTerm: contextTerm), featureCount: made.featureCount)
    }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        let (z, logDerivative) = transform.forward(x, parameters(x, contextTerm: made.contextTerm(conditioning.context)))
        return (z, logDerivative.sum(alongAxis: 1))
    }

    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        let contextTerm = made.contextTerm(conditioning.context)
        var x = Tensor(zeros: z.shape, dtype: z.dtype)
        var logDerivative = x
        for _ in 0..<made.featureCount {
            (x, logDerivative) = transform.inverse(z, parameters(x, contextTerm: contextTerm))
        }
        return (x, logDerivative.sum(alongAxis: 1))
    }
}
