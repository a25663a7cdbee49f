import CKernels

/// The per-tap correlation of `ConvolutionKernels.correlate` on `CKernels`' 16-lane register tiles (`lgf_conv16_*`,
/// AVX-512): every tap and
/// channel summed in registers and each output written once, reading the padded image in place, instead of k²
/// OpenBLAS products that each copy the shifted image and read and write the output. Built once per convolution
/// (it holds the packed weights); nil where it does not apply, and the OpenBLAS route runs: other than float32,
/// without AVX-512, for the `gatheredColumns` method, or for fewer than 8 output rows (a tile computes 8).
struct DirectCorrelation {
    private let packed: [Float]
    private let offsets: [Int]
    private let rows: Int
    private let channels: Int

    /// Whether the direct kernel serves a float32 per-tap correlation with `rows` output rows on this CPU.
    static func applies<T: KernelScalar>(to _: T.Type, rows: Int, method: ConvolutionMethod) -> Bool {
        T.self == Float.self && method == .perTap && rows >= Int(LGF_CONV16_BLOCK_ROWS) && CPUFeatures.hasAVX512
    }

    /// Floats the source of `correlate` must have readable after its last padded plane.
    static var sourceSlack: Int { Int(LGF_CONV16_SOURCE_SLACK) }

    /// Packs per-tap weights `[tap][rows][channels]` (as `ConvolutionKernels` arranges them for `perTap`), or nil when
    /// the direct kernel does not apply.
    init?<T: KernelScalar>(weights: [T], rows: Int, channels: Int, _ g: ConvolutionGeometry, method: ConvolutionMethod) {
        guard Self.applies(to: T.self, rows: rows, method: method) else { return nil }
        let count = lgf_conv16_packed_weight_count(rows, channels, g.tapCount)
        packed = weights.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: Float.self) { floats in
                [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    lgf_conv16_pack_weights(floats.baseAddress!, rows, channels, g.tapCount, buffer.baseAddress!)
                    initialized = count
                }
            }
        }
        offsets = (0..<g.tapCount).map(g.tapOffset)
        self.rows = rows
        self.channels = channels
    }

    /// out `[rows][wideCount]` (rows `ldc` apart) = Σ_taps A_t · (padded shifted by the tap), as `correlate` computes it.
    /// - Precondition: T is Float; `padded` has `sourceSlack` readable floats after its last plane.
    func correlate<T: KernelScalar>(_ padded: UnsafePointer<T>, _ g: ConvolutionGeometry, into out: UnsafeMutablePointer<T>, ldc: Int) {
        let source = UnsafeRawPointer(padded).assumingMemoryBound(to: Float.self)
        let target = UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self)
        // Counted as a matrix product (`ProductClock`), which it replaces.
        ProductClock.timing {
            packed.withUnsafeBufferPointer { weights in
                offsets.withUnsafeBufferPointer { offsets in
                    lgf_conv16_correlate(weights.baseAddress!, rows, channels, offsets.baseAddress!, offsets.count, source, g.paddedPlane,
                                         g.wideCount, target, ldc)
                }
            }
        }
    }
}
