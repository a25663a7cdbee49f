/// How each pass of one `Tensor.conv2d` call runs: the Winograd transform of each pass, or nil for the direct kernels
/// with `directMethod`. Fixed from the method the call asks for, `ConvolutionAlgorithm.current` and the layer's shape
/// when the forward pass runs, and kept for its backward pass.
struct ConvolutionPlan: Sendable {
    /// The passes of a convolution, each of which may take its own algorithm.
    enum Pass: CaseIterable {
        /// y from x: a correlation summing the input channels into the output channels.
        case forward
        /// The input's gradient from the output's: a correlation with the flipped filters, summing the output channels.
        case inputGradient
        /// The filters' gradient: a sum over every image and position of output gradient times shifted input.
        case weightGradient
    }

    let forward: WinogradTransform?
    let inputGradient: WinogradTransform?
    let weightGradient: WinogradTransform?
    /// The method of the passes that run direct (never `winograd`).
    let directMethod: ConvolutionMethod

    init(method: ConvolutionMethod, _ g: ConvolutionGeometry) {
        let algorithm: ConvolutionAlgorithm = switch method {
        case .automatic: ConvolutionAlgorithm.current
        case .winograd: .winograd
        case .perTap, .gatheredColumns: .direct
        }
        func transform(_ pass: Pass) -> WinogradTransform? {
            guard g.kernelSize == 3 else { return nil }
            switch algorithm {
            case .direct: return nil
            case .winograd: return Self.winogradTile(g)
            case .automatic: return Self.winogradRule(pass, g)
            }
        }
        forward = transform(.forward)
        inputGradient = transform(.inputGradient)
        weightGradient = transform(.weightGradient)
        directMethod = method == .winograd ? .automatic : method
    }

    /// Every pass of a 3 × 3 convolution by `transform` (other kernel sizes direct), whatever the shape.
    init(winograd transform: WinogradTransform, _ g: ConvolutionGeometry) {
        let chosen = g.kernelSize == 3 ? transform : nil
        (forward, inputGradient, weightGradient, directMethod) = (chosen, chosen, chosen, .automatic)
    }

    /// The transform for `pass` where Winograd was measured faster than the direct kernels on this shape, else nil.
    /// (Not yet measured: direct everywhere.)
    static func winogradRule(_ pass: Pass, _ g: ConvolutionGeometry) -> WinogradTransform? { nil }

    /// The tile size for a forced Winograd pass on this shape.
    static func winogradTile(_ g: ConvolutionGeometry) -> WinogradTransform { .f4 }
}
