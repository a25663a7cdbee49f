/// How `Tensor.conv2d` contracts over the channels it sums (input channels forward, output channels for the input's
/// gradient): by one of the direct methods, or by Winograd's transforms.
public enum ConvolutionMethod: String, Sendable, CaseIterable {
    /// Winograd for the passes and shapes `ConvolutionAlgorithm.current` gives it; of the direct methods, `perTap` for
    /// 32 channels or more, `gatheredColumns` below.
    case automatic
    /// One product per kernel tap, each reading the zero-padded image in place at the tap's offset (no copy): k²
    /// products of depth C. Best for many channels (64 → 64: no im2col buffer at all).
    case perTap
    /// The k² shifted copies of each channel gathered into one `[C·k², positions]` matrix (im2col on the padded grid),
    /// then one product of depth C·k². Best for few channels (1 → 64), where per-tap products would be rank-C updates.
    case gatheredColumns
    /// Winograd's minimal filtering for 3 × 3 kernels in every pass (`WinogradTransform`): α² products of depth C on
    /// transformed tiles instead of 9; other kernel sizes run `automatic`'s direct method.
    case winograd

    /// The direct method for a pass summing `channels` channels (`automatic` chooses by the count; not for `winograd`).
    func resolved(channels: Int) -> ConvolutionMethod {
        guard self == .automatic else { return self }
        return channels >= 32 ? .perTap : .gatheredColumns
    }
}

/// The sizes of a stride-1 convolution with "same" zero padding on NCHW tensors, and the padded layout its kernels use.
///
/// Each image's channels are copied into zero planes with p = (k − 1)/2 zero rows above and below and rows
/// `paddedWidth` = W + p apart, each starting with p zeros: those p zeros are the left padding of their row and the
/// right padding of the row before. On that grid the output at (h, w) reads the input at offset
/// h·paddedWidth + w + tapOffset(kh, kw), so every tap of the kernel is the same matrix shifted by a constant: the
/// output is computed on a "wide" grid of `height` rows of `paddedWidth` positions, whose last p positions per row
/// are discarded (3.4% more work for 28 × 28, 3 × 3). A padded plane carries 2p extra zeros because the last tap's
/// shifted matrix runs that far past its end.
struct ConvolutionGeometry {
    let batch, inputChannels, outputChannels: Int
    let height, width, kernelSize: Int

    var padding: Int { (kernelSize - 1) / 2 }
    var paddedWidth: Int { width + padding }
    var paddedPlane: Int { (height + 2 * padding) * paddedWidth + 2 * padding }
    var wideCount: Int { height * paddedWidth }
    var plane: Int { height * width }
    var tapCount: Int { kernelSize * kernelSize }

    /// Where tap (kh, kw) = (tap / k, tap % k) starts on the padded grid.
    func tapOffset(_ tap: Int) -> Int { (tap / kernelSize) * paddedWidth + tap % kernelSize }

    /// Images per part of the work: fixed by the batch size alone (so results do not depend on the thread count),
    /// at most 32 parts, so that per-part partial weight gradients stay small.
    var imagesPerPart: Int { Swift.max(2, (batch + 31) / 32) }
    var partCount: Int { (batch + imagesPerPart - 1) / imagesPerPart }
    func images(ofPart part: Int) -> Range<Int> { (part * imagesPerPart)..<Swift.min(batch, (part + 1) * imagesPerPart) }

    /// Multiply-adds of the forward pass (the useful ones: `height × width` positions), times 2: FLOPs.
    var forwardFlops: Double { 2 * Double(batch * outputChannels * inputChannels * tapCount * plane) }
}
