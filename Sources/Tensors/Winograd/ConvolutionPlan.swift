/// How each pass of one `Tensor.conv2d` call runs: the Winograd transform of each pass, or nil for the direct kernels
/// with `directMethod`. Fixed from the method the call asks for, `ConvolutionAlgorithm.current` and the layer's shape
/// when the forward pass runs, and kept for its backward pass. Each pass may take its own algorithm; the rule measured
/// so far gives all three the same (`winogradRule`).
struct ConvolutionPlan: Sendable {
    /// y from x: a correlation summing the input channels into the output channels.
    let forward: WinogradTransform?
    /// The input's gradient from the output's: a correlation with the flipped filters, summing the output channels.
    let inputGradient: WinogradTransform?
    /// The filters' gradient: a sum over every image and position of output gradient times shifted input.
    let weightGradient: WinogradTransform?
    /// The method of the passes that run direct (never `winograd`).
    let directMethod: ConvolutionMethod

    init(method: ConvolutionMethod, _ g: ConvolutionGeometry) {
        let algorithm: ConvolutionAlgorithm = switch method {
        case .automatic: ConvolutionAlgorithm.current
        case .winograd: .winograd
        case .perTap, .gatheredColumns: .direct
        }
        let chosen: WinogradTransform? = switch algorithm {
        case .direct: nil
        case .winograd: g.kernelSize == 3 ? Self.winogradTile : nil
        case .automatic: Self.winogradRule(g)
        }
        (forward, inputGradient, weightGradient) = (chosen, chosen, chosen)
        directMethod = method == .winograd ? .automatic : method
    }

    /// Every pass of a 3 × 3 convolution by `transform` (other kernel sizes direct), whatever the shape.
    init(winograd transform: WinogradTransform, _ g: ConvolutionGeometry) {
        let chosen = g.kernelSize == 3 ? transform : nil
        (forward, inputGradient, weightGradient, directMethod) = (chosen, chosen, chosen, .automatic)
    }

    /// The transform of every pass where Winograd was measured faster than the direct kernels on this shape, else nil:
    /// F(4 × 4, 3 × 3) for every pass of a 3 × 3 layer with at least `winogradMinimumChannels` channels on each side
    /// and planes of at least `winogradMinimumSide` in both directions.
    ///
    /// Measured with `lgf bench conv` (interleaved, process CPU time, one thread, AMD EPYC Zen 4; the benchmarks' Winograd
    /// section),
    /// direct → F(4 × 4) ms for forward, input gradient, weight gradient: 64 → 64 at 28 × 28 (100 images) 56 → 22,
    /// 60 → 26, 65 → 27; at 7 × 7 4.8 → 2.6, 5.0 → 2.5, 6.3 → 4.8; 16 → 16 at 28 × 28 6.4 → 3.1, 7.2 → 3.7, 8.5 → 4.0;
    /// but 8 → 8 at 28 × 28 1.8 → 2.9, 2.0 → 3.1, 2.2 → 2.9, the input layers 1–3 → 64 slower in every pass (1 → 64 at
    /// 28 × 28: 2.8 → 6.1, 8.0 → 9.6, 7.1 → 9.0), 6 → 64 slower forward and even for the input's gradient (its weight
    /// gradient, 2.9 → 2.2, is left direct with the rest of the layer), and 64 → 64 on 4 × 4 planes slower in the
    /// weight gradient (3.6 → 4.1). F(2 × 2) was slower than F(4 × 4) on every measured shape.
    static func winogradRule(_ g: ConvolutionGeometry) -> WinogradTransform? {
        let channels = Swift.min(g.inputChannels, g.outputChannels)
        guard g.kernelSize == 3 && channels >= winogradMinimumChannels && Swift.min(g.height, g.width) >= winogradMinimumSide else { return nil }
        return winogradTile
    }

    /// The fewest channels (each side) of a layer the rule gives to Winograd: the smallest measured faster (16 → 16).
    static let winogradMinimumChannels = 16
    /// The smallest plane side the rule gives to Winograd: the smallest measured faster (7 × 7, where F(4 × 4)
    /// computes 8 × 8 outputs).
    static let winogradMinimumSide = 7

    /// The tile size of a Winograd pass: F(4 × 4, 3 × 3), faster than F(2 × 2, 3 × 3) on every measured shape (see
    /// `winogradRule`), with an error bound 36× larger (`WinogradTransform`) and measured errors about 8× the direct
    /// sum's, 5·10⁻⁶ of the largest output.
    static let winogradTile = WinogradTransform.f4
}
