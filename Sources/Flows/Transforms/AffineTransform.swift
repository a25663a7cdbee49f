import Tensors

/// The elementwise affine map of Real NVP and MAF, in the three forms this package's affine layers have always
/// computed, so that each runs the tensor operations it ran as a separate class (and checkpoints keep their order of
/// network outputs):
///
///     shiftThenLogScale, logScaleThenShift:   y = x ⊙ exp(s) + t,          log f′ = s
///     standardizing:                          y = (x − μ) ⊙ exp(−α),      log f′ = −α
///
/// (Dinh et al., *Density estimation using Real NVP*, ICLR 2017, arXiv:1605.08803, Eq. 6; Papamakarios et al.,
/// *Masked Autoregressive Flow*, NeurIPS 2017, arXiv:1705.07057, Eq. 4–5.) An optional `LogScaleBound` softly clamps
/// the log-scale (s or α) as it leaves the network.
public struct AffineTransform: ElementwiseTransform {
    /// Which affine form, and in which order the network gives its two outputs per feature.
    public enum Form: Sendable, Equatable {
        /// y = x ⊙ exp(s) + t from outputs (t, s): the flat Real NVP couplers.
        case shiftThenLogScale
        /// y = x ⊙ exp(s) + t from outputs (s, t): the image couplings (the reference code's order).
        case logScaleThenShift
        /// y = (x − μ) ⊙ exp(−α) from outputs (μ, α): MAF's MADE layer.
        case standardizing
    }

    /// The shift and log-scale of each transformed feature, `[batch, n]` each: t and s, or μ and α for `.standardizing`.
    public struct Parameters {
        public var shift: Tensor
        public var logScale: Tensor
    }

    public let form: Form
    /// An opt-in soft clamp of the log-scale; `nil` (the paper) for none.
    public let logScaleBound: LogScaleBound?

    public init(form: Form, logScaleBound: LogScaleBound? = nil) {
        self.form = form
        self.logScaleBound = logScaleBound
    }

    public var parameterCount: Int { 2 }

    /// A zero shift and log-scale: y = x in every form.
    public var identityRawParameters: [Double] { [0, 0] }
    public var architecture: String { "affine" }

    public func parameters(from raw: Tensor, featureCount n: Int) -> Parameters {
        let first = raw.slicingColumns(0..<n), second = raw.slicingColumns(n..<(2 * n))
        switch form {
        case .shiftThenLogScale, .standardizing: return Parameters(shift: first, logScale: bounded(second))
        case .logScaleThenShift: return Parameters(shift: second, logScale: bounded(first))
        }
    }

    private func bounded(_ logScale: Tensor) -> Tensor { logScaleBound.map { $0(logScale) } ?? logScale }

    public func forward(_ x: Tensor, _ θ: Parameters) -> (output: Tensor, logDerivative: Tensor) {
        switch form {
        case .standardizing:
            let negated = -θ.logScale
            return ((x - θ.shift) * negated.exp(), negated)
        case .shiftThenLogScale, .logScaleThenShift:
            return (x * θ.logScale.exp() + θ.shift, θ.logScale)
        }
    }

    public func inverse(_ y: Tensor, _ θ: Parameters) -> (output: Tensor, logDerivative: Tensor) {
        switch form {
        case .standardizing:
            return (y * θ.logScale.exp() + θ.shift, θ.logScale)
        case .shiftThenLogScale, .logScaleThenShift:
            let negated = -θ.logScale
            return ((y - θ.shift) * negated.exp(), negated)
        }
    }

    /// Zero shift and log-scale where `changed` is 0, which makes the map the identity there (in every form), so a mask
    /// coupling costs two products more than a dense one instead of a blend of whole outputs.
    public func forward(_ x: Tensor, _ θ: Parameters, changing changed: Tensor) -> (output: Tensor, logDerivative: Tensor) {
        forward(x, restricted(θ, to: changed))
    }

    public func inverse(_ y: Tensor, _ θ: Parameters, changing changed: Tensor) -> (output: Tensor, logDerivative: Tensor) {
        inverse(y, restricted(θ, to: changed))
    }

    private func restricted(_ θ: Parameters, to changed: Tensor) -> Parameters {
        Parameters(shift: θ.shift * changed, logScale: θ.logScale * changed)
    }
}
