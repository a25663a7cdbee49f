/// Which algorithm the 3 × 3 convolutions of `Tensor.conv2d` use when their call leaves the method `automatic`, as the
/// user asks for it (`lgf … --convolution-algorithm`).
///
/// Both compute the same convolution; they differ in their rounding (Winograd's error bound is larger, see
/// `WinogradTransform`), so set it once, before training or evaluating. The choice is a rule on each layer's shape,
/// never a timing at run time, so that a run repeats bit for bit.
public enum ConvolutionAlgorithm: String, CaseIterable, Codable, Sendable, ScopedSetting {
    /// Winograd for the passes and layer shapes where it was measured faster (`ConvolutionPlan.winogradRule`), the
    /// direct kernels elsewhere.
    case automatic
    /// The direct kernels (per-tap products or gathered columns) for every pass.
    case direct
    /// Winograd for every pass of every 3 × 3 convolution, wherever it is slower; other kernel sizes stay direct.
    case winograd

    /// Which algorithm convolutions use: `automatic` until set; `with(_:_:)` overrides it for a task (`ScopedSetting`).
    public static let storage = ScopedChoice<ConvolutionAlgorithm>()
}
