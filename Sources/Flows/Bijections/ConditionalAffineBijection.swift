import Tensors
import Networks

/// The indexed bijection of a localised generative flow (Cornish et al., ICML 2020, arXiv:1909.13833,
/// Eq. 6 and §3.4, in the data→latent direction of the authors' code; §3.4 writes the determinant with a sum
/// where a product belongs, the log-determinant below is the correct one):
///
///     z = (g(x) + t(u)) ⊙ exp(s(u)),   log|det ∂z/∂x| = Σᵢ sᵢ(u) + log|det Dg(x)|,
///     x = g⁻¹(z ⊙ exp(−s(u)) − t(u)).
///
/// u is the conditioning's `index` `[batch, d_u]` and is required. s and t are the two halves of one network of
/// u (`shiftScaleNetwork`, output `[batch, 2D]`: s first, then t; an MLP for vectors, a ResNet from u's one channel
/// to 2C channels for images, Appendix D), which with a `contextCount` also sees the context c after u: (s, t)(u, c).
/// The base bijection g does not see u but receives the context; `nil` means g = identity (Appendix C's variant with
/// only the conditional affine layers).
public final class ConditionalAffineBijection: Bijection {
    public var architecture: String {
        (base.map { $0.architecture + " then " } ?? "") + "conditional affine, s,t \(shiftScaleNetwork.architecture)" + (contextCount > 0 ? " (sees c)" : "")
    }
    public let base: (any Bijection)?
    public let shiftScaleNetwork: any VectorNetwork
    public let featureCount: Int
    public let logScaleBound: LogScaleBound?
    /// The width of the context c the (s, t) network sees after u (0: none).
    public let contextCount: Int
    public var sublayers: [any Layer] { (base.map { [$0] } ?? []) + [shiftScaleNetwork] }
    public var sublayerNames: [String] { (base == nil ? [] : ["base"]) + ["shiftScale"] }

    /// - Parameters:
    ///   - base: g, or `nil` for the identity.
    ///   - shiftScaleNetwork: a network from u (and c after it, with a `contextCount`) to 2·`featureCount` outputs.
    ///   - featureCount: D, the width of x and z.
    ///   - logScaleBound: an opt-in soft clamp of s(u, c); `nil` (the paper) for none.
    ///   - contextCount: the width of the context c the (s, t) network sees (0: none).
    public init(base: (any Bijection)?, shiftScaleNetwork: any VectorNetwork, featureCount: Int, logScaleBound: LogScaleBound? = nil,
                contextCount: Int = 0) {
        require(shiftScaleNetwork.outputCount == 2 * featureCount,
                     "ConditionalAffineBijection: the s,t network gives \(shiftScaleNetwork.outputCount) outputs, expected \(2 * featureCount)")
        self.base = base
        self.shiftScaleNetwork = shiftScaleNetwork
        self.featureCount = featureCount
        self.logScaleBound = logScaleBound
        self.contextCount = contextCount
    }

    /// (s(u, c), t(u, c)), c only where the network sees it.
    public func logScaleAndShift(_ conditioning: Conditioning) -> (logScale: Tensor, shift: Tensor) {
        guard let u = conditioning.index else { requirementFailure("ConditionalAffineBijection: the index u is required") }
        let output = shiftScaleNetwork(conditionerInput(u, appending: [.context(conditioning.context, width: contextCount)], in: "ConditionalAffineBijection"))
        let logScale = output.slicingColumns(0..<featureCount)
        return (logScaleBound.map { $0(logScale) } ?? logScale, output.slicingColumns(featureCount..<(2 * featureCount)))
    }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        let (logScale, shift) = logScaleAndShift(conditioning)
        let (y, baseLogAbsDet) = base?.forward(x, given: conditioning.withoutIndex) ?? (x, zeroLogAbsDet(like: x))
        return ((y + shift) * logScale.exp(), baseLogAbsDet + logScale.sum(alongAxis: 1))
    }

    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        let (logScale, shift) = logScaleAndShift(conditioning)
        let y = z * (-logScale).exp() - shift
        let (x, baseLogAbsDet) = base?.inverse(y, given: conditioning.withoutIndex) ?? (y, zeroLogAbsDet(like: y))
        return (x, baseLogAbsDet - logScale.sum(alongAxis: 1))
    }
}
