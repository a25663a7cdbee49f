import CKernels

/// The weight gradient of a per-tap float32 convolution on `CKernels`' 16-lane register tiles
/// (`lgf_conv16_weight_gradient`, AVX-512) instead
/// of k² OpenBLAS products per image: the padded input is copied channels-last once per image (`padTransposed`), so
/// that each tap's shifted input is read in place, row by row, and OpenBLAS no longer packs both operands for every
/// tap. Built once per backward pass; nil where it does not apply (other than float32, without AVX-512, or for the
/// `gatheredColumns` method), and the OpenBLAS route runs.
struct DirectWeightGradient {
    private let offsets: [Int]

    /// Floats the channels-last copy must have readable after it.
    static var slack: Int { Int(LGF_CONV16_TRANSPOSED_SLACK) }

    init?<T: KernelScalar>(_: T.Type, _ g: ConvolutionGeometry, method: ConvolutionMethod) {
        guard T.self == Float.self && method == .perTap && CPUFeatures.hasAVX512 else { return nil }
        offsets = (0..<g.tapCount).map(g.tapOffset)
    }

    /// Copies `channels` planes of one image into the interior of a zero-bordered padded grid stored channels-last,
    /// `[padded position][channels]` (the layout of `ConvolutionKernels.pad`, transposed).
    static func padTransposed<T: KernelScalar>(_ source: UnsafePointer<T>, channels: Int, _ g: ConvolutionGeometry,
                                               into target: UnsafeMutablePointer<T>) {
        let (h, w, wp, p) = (g.height, g.width, g.paddedWidth, g.padding)
        for row in 0..<h {
            for column in 0..<w {
                let to = target + ((p + row) * wp + p + column) * channels, from = source + row * w + column
                for c in 0..<channels { to[c] = from[c * g.plane] }
            }
        }
    }

    /// partial `[tap][rows][channels]` (=, or += when `accumulate`) Σ_j dy[r, j] · x[c, j + tap offset] over the wide
    /// grid, from the output gradient `dy` (rows `dyStride` apart, zero at discarded positions) and the channels-last
    /// padded input `transposed` (with `slack` readable floats after it). - Precondition: T is Float.
    func accumulate<T: KernelScalar>(dy: UnsafePointer<T>, rows: Int, dyStride: Int, transposed: UnsafePointer<T>, channels: Int,
                                     _ g: ConvolutionGeometry, into partial: UnsafeMutablePointer<T>, accumulate: Bool) {
        // Counted as a matrix product (`ProductClock`), which it replaces.
        ProductClock.timing {
            offsets.withUnsafeBufferPointer { offsets in
                lgf_conv16_weight_gradient(UnsafeRawPointer(dy).assumingMemoryBound(to: Float.self), rows, dyStride,
                                           UnsafeRawPointer(transposed).assumingMemoryBound(to: Float.self), channels, offsets.baseAddress!,
                                           offsets.count, g.wideCount, UnsafeMutableRawPointer(partial).assumingMemoryBound(to: Float.self),
                                           accumulate)
            }
        }
    }
}
