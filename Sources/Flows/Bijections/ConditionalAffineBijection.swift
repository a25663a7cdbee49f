import Tensors
import Networks

/// The indexed bijection of a localised generative flow (Cornish et al., ICML 2020, arXiv:1909.13833,
/// Eq. 6 and §3.4, in the data→latent direction of the authors' code; §3.4 writes the determinant with a sum
/// where a product belongs, the log-determinant below is the correct one):
///
///     z = (g(x) + t(u)) ⊙ exp(s(u)),   log|det ∂z/∂x| = Σᵢ sᵢ(u) + log|det Dg(x)|,
///     x = g⁻¹(z ⊙ exp(−s(u)) − t(u)).
///
/// u is the `context` `[batch, indexCount]` and is required. s and t are the two halves of one network of
/// u (`shiftScaleNetwork`, output `[batch, 2D]`: s first, then t; an MLP for vectors, a ResNet from u's one channel
/// to 2C channels for images, Appendix D). The base bijection g does not see u;
/// `nil` means g = identity (Appendix C's variant with only the conditional affine layers).
public final class ConditionalAffineBijection: Bijection {
    public var architecture: String { (base.map { $0.architecture + " then " } ?? "") + "conditional affine, s,t \(shiftScaleNetwork.architecture)" }
    public let base: (any Bijection)?
    public let shiftScaleNetwork: any VectorNetwork
    public let featureCount: Int
    public let logScaleBound: LogScaleBound?
    public var sublayers: [any Layer] { (base.map { [$0] } ?? []) + [shiftScaleNetwork] }
    public var sublayerNames: [String] { (base == nil ? [] : ["base"]) + ["shiftScale"] }

    /// - Parameters:
    ///   - base: g, or `nil` for the identity.
    ///   - shiftScaleNetwork: a network from u to 2·`featureCount` outputs.
    ///   - featureCount: D, the width of x and z.
    ///   - logScaleBound: an opt-in soft clamp of s(u); `nil` (the paper) for none.
    public init(base: (any Bijection)?, shiftScaleNetwork: any VectorNetwork, featureCount: Int, logScaleBound: LogScaleBound? = nil) {
        require(shiftScaleNetwork.outputCount == 2 * featureCount,
                     "ConditionalAffineBijection: the s,t network gives \(shiftScaleNetwork.outputCount) outputs, expected \(2 * featureCount)")
        self.base = base
        self.shiftScaleNetwork = shiftScaleNetwork
        self.featureCount = featureCount
        self.logScaleBound = logScaleBound
    }

    /// (s(u), t(u)).
    public func logScaleAndShift(_ u: Tensor?) -> (logScale: Tensor, shift: Tensor) {
        guard let u else { requirementFailure("ConditionalAffineBijection: the index u (context) is required") }
        let output = shiftScaleNetwork(u)
        let logScale = output.slicingColumns(0..<featureCount)
        return (logScaleBound.map { $0(logScale) } ?? logScale, output.slicingColumns(featureCount..<(2 * featureCount)))
    }

    public func forward(_ x: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        let (logScale, shift) = logScaleAndShift(context)
        let (y, baseLogAbsDet) = base?.forward(x, context: nil) ?? (x, zeroLogAbsDet(like: x))
        return ((y + shift) * logScale.exp(), baseLogAbsDet + logScale.sum(alongAxis: 1))
    }

    public func inverse(_ z: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        let (logScale, shift) = logScaleAndShift(context)
        let y = z * (-logScale).exp() - shift
        let (x, baseLogAbsDet) = base?.inverse(y, context: nil) ?? (y, zeroLogAbsDet(like: y))
        return (x, baseLogAbsDet - logScale.sum(alongAxis: 1))
    }
}
