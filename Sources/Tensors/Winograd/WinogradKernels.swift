import CKernels

// MARK: - Winograd convolution passes: tile transforms in CKernels, α² products on the matrix kernels per part

/// The passes of a 3 × 3 convolution by `WinogradTransform`, on raw pointers, for the images of a whole batch: the
/// forward pass and the input's gradient as one correlation (the latter with the flipped filters over output channels),
/// the weight gradient by the same transforms with the roles exchanged.
///
/// Per part of a few images (`ConvolutionGeometry.images(ofPart:)`, fixed by the batch size, so results do not depend on
/// the thread count), every tile of every image is transformed channels-last into V `[α²][tiles][C]`; then, per
/// position p of the α × α grid, one product `[tiles × C]·[C × R]` with the transformed filters U_p on the matrix
/// kernels (`KernelScalar.gemm`), and the output transform back to NCHW. No allocation per tile or per image: one
/// pooled scratch per part.
enum WinogradKernels {
    /// The CKernels build the transforms run in.
    private static var level: Int32 { CPUFeatures.level }

    /// Filters tap-major, `[9][C][R]`: g[t][c·R + r] = W[r][c][t] (forward: C = Cin, R = Cout) or, for the input's
    /// gradient (`flipped`), g[t][c·R + r] = W[c][r][8 − t] (C = Cout, R = Cin): the 180° rotation of each filter.
    static func tapMajorFilters<T: KernelScalar>(_ w: UnsafePointer<T>, _ g: ConvolutionGeometry, flipped: Bool) -> [T] {
        let (co, ci) = (g.outputChannels, g.inputChannels)
        var result = [T](repeating: 0, count: 9 * co * ci)
        for o in 0..<co {
            for i in 0..<ci {
                for t in 0..<9 {
                    let value = w[(o * ci + i) * 9 + t]
                    if flipped { result[(8 - t) * co * ci + o * ci + i] = value } else { result[t * co * ci + i * co + o] = value }
                }
            }
        }
        return result
    }

    /// U = K·g, `[α²][C][R]`: the transformed filters G g Gᵀ of every channel pair (`WinogradTransform.filterProductMatrix`).
    static func transformedFilters<T: KernelScalar>(_ taps: [T], _ transform: WinogradTransform) -> [T] {
        let k = transform.filterProductMatrix(T.self), pairs = taps.count / 9
        var u = [T](repeating: 0, count: transform.positionCount * pairs)
        ProductPrecision.with(.fp32) {
            k.withUnsafeBufferPointer { k in
                taps.withUnsafeBufferPointer { taps in
                    u.withUnsafeMutableBufferPointer { u in
                        T.gemm(transposeA: false, transposeB: false, m: transform.positionCount, n: pairs, k: 9, a: k.baseAddress!, lda: 9,
                               b: taps.baseAddress!, ldb: pairs, accumulate: false, c: u.baseAddress!, ldc: pairs, bias: nil, tanh: false)
                    }
                }
            }
        }
        return u
    }

    /// The tile transform `kind` of one image's `channels` planes into v (positions `positionStride` apart).
    private static func transformTiles<T: KernelScalar>(_ tiling: inout lgf_winograd_tiling, _ kind: Int32, _ x: UnsafePointer<T>, channels: Int,
                                                        scratch: UnsafeMutablePointer<T>, into v: UnsafeMutablePointer<T>, positionStride: Int) {
        if T.self == Float.self {
            lgf_winograd_transform_f32(level, &tiling, kind, UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), channels,
                                       UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self),
                                       UnsafeMutableRawPointer(v).assumingMemoryBound(to: Float.self), positionStride)
        } else {
            lgf_winograd_transform_f64(level, &tiling, kind, UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), channels,
                                       UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Double.self),
                                       UnsafeMutableRawPointer(v).assumingMemoryBound(to: Double.self), positionStride)
        }
    }

    /// y (= bias + …, or += when `accumulate`) the output transform of one image's products.
    private static func transformOutputs<T: KernelScalar>(_ tiling: inout lgf_winograd_tiling, _ products: UnsafePointer<T>, positionStride: Int,
                                                          channels: Int, bias: UnsafePointer<T>?, accumulate: Bool, into y: UnsafeMutablePointer<T>,
                                                          scratch: UnsafeMutablePointer<T>) {
        if T.self == Float.self {
            lgf_winograd_output_f32(level, &tiling, UnsafeRawPointer(products).assumingMemoryBound(to: Float.self), positionStride, channels,
                                    bias.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) }, accumulate,
                                    UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self),
                                    UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self))
        } else {
            lgf_winograd_output_f64(level, &tiling, UnsafeRawPointer(products).assumingMemoryBound(to: Double.self), positionStride, channels,
                                    bias.map { UnsafeRawPointer($0).assumingMemoryBound(to: Double.self) }, accumulate,
                                    UnsafeMutableRawPointer(y).assumingMemoryBound(to: Double.self),
                                    UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Double.self))
        }
    }

    // MARK: Correlation (the forward pass, and the input's gradient)

    /// out `[batch][rows][H][W]` (= bias + …, or += when `accumulate`) = the padding-1 correlation of `source`
    /// `[batch][channels][H][W]` with the filters whose transforms are `u` `[α²][channels][rows]`.
    static func correlate<T: KernelScalar>(_ g: ConvolutionGeometry, _ transform: WinogradTransform, source: UnsafePointer<T>, channels: Int,
                                           filters u: [T], rows: Int, bias: UnsafePointer<T>?, accumulate: Bool, into out: UnsafeMutablePointer<T>) {
        var tiling = transform.tiling(height: g.height, width: g.width)
        let tilesPerImage = tiling.tile_rows * tiling.tile_columns, positions = transform.positionCount
        let chunkSize = imagesPerChunk(g, tilesPerImage: tilesPerImage, positions: positions, channels: channels + rows,
                                       bytesPerElement: MemoryLayout<T>.stride)
        let chunkTiles = chunkSize * tilesPerImage
        let gridCount = lgf_winograd_transform_scratch_count(&tiling, LGF_WINOGRAD_DATA, channels)
        let outputCount = lgf_winograd_output_scratch_count(&tiling, rows)
        let dataCount = positions * chunkTiles * channels, productCount = positions * chunkTiles * rows
        u.withUnsafeBufferPointer { u in
            guard let u = u.baseAddress else { return }
            ConvolutionKernels.forEachPart(g) { part in
                ConvolutionKernels.withScratch(T.self, count: Swift.max(gridCount, outputCount) + dataCount + productCount, zeroed: 0) { scratch in
                    let v = scratch + Swift.max(gridCount, outputCount), products = v + dataCount
                    var tiling = tiling
                    for images in chunks(of: g.images(ofPart: part), chunkSize) {
                        let tiles = images.count * tilesPerImage
                        for (index, n) in images.enumerated() {
                            transformTiles(&tiling, LGF_WINOGRAD_DATA, source + n * channels * g.plane, channels: channels, scratch: scratch,
                                           into: v + index * tilesPerImage * channels, positionStride: tiles * channels)
                        }
                        for p in 0..<positions {
                            T.gemm(transposeA: false, transposeB: false, m: tiles, n: rows, k: channels, a: v + p * tiles * channels, lda: channels,
                                   b: u + p * channels * rows, ldb: rows, accumulate: false, c: products + p * tiles * rows, ldc: rows, bias: nil,
                                   tanh: false)
                        }
                        for (index, n) in images.enumerated() {
                            transformOutputs(&tiling, products + index * tilesPerImage * rows, positionStride: tiles * rows, channels: rows,
                                             bias: bias, accumulate: accumulate, into: out + n * rows * g.plane, scratch: scratch)
                        }
                    }
                }
            }
        }
    }

    /// `range` cut into consecutive chunks of `size` (the last may be shorter).
    private static func chunks(of range: Range<Int>, _ size: Int) -> [Range<Int>] {
        stride(from: range.lowerBound, to: range.upperBound, by: size).map { $0..<Swift.min($0 + size, range.upperBound) }
    }

    /// Images transformed and multiplied together: as many as keep a chunk's transformed tiles (both operands of the
    /// products) within `chunkBytes`, at least one and at most a part's.
    private static func imagesPerChunk(_ g: ConvolutionGeometry, tilesPerImage: Int, positions: Int, channels: Int, bytesPerElement: Int) -> Int {
        let perImage = positions * tilesPerImage * channels * bytesPerElement
        return Swift.max(1, Swift.min(g.imagesPerPart, chunkBytes / Swift.max(perImage, 1)))
    }

    /// The budget of `imagesPerChunk`, which bounds a part's scratch: 0.75 and 3 MiB measured alike (64 → 64 channels,
    /// 28 × 28 and 14 × 14, 100 images), the products' larger row counts balancing the traffic beyond L2.
    static let chunkBytes = 2 << 20

    // MARK: Weight gradient

    /// Each part's weight gradient, tap-major `[9][Cin][Cout]`, and bias gradient `[Cout]` into its slot of `partials`
    /// (`partialSize` elements each): dU_p = Σ_tiles V_pᵀ·E_p with V the data transform of x and E = A e Aᵀ of the
    /// output gradient's tiles (the adjoint of the forward pass in the filter), then Kᵀ·dU = Gᵀ dU G.
    static func weightGradientParts<T: KernelScalar>(_ g: ConvolutionGeometry, _ transform: WinogradTransform, x: UnsafePointer<T>,
                                                     dy: UnsafePointer<T>, into partials: UnsafeMutablePointer<T>, partialSize: Int,
                                                     computesBiasGradient: Bool) {
        var tiling = transform.tiling(height: g.height, width: g.width)
        let (ci, co) = (g.inputChannels, g.outputChannels)
        let tilesPerImage = tiling.tile_rows * tiling.tile_columns, positions = transform.positionCount
        let chunkSize = imagesPerChunk(g, tilesPerImage: tilesPerImage, positions: positions, channels: ci + co,
                                       bytesPerElement: MemoryLayout<T>.stride)
        let chunkTiles = chunkSize * tilesPerImage
        let gridCount = Swift.max(lgf_winograd_transform_scratch_count(&tiling, LGF_WINOGRAD_DATA, ci),
                                  lgf_winograd_transform_scratch_count(&tiling, LGF_WINOGRAD_OUTPUT_GRADIENT, co))
        let dataCount = positions * chunkTiles * ci, gradientCount = positions * chunkTiles * co, filterCount = positions * ci * co
        let k = transform.filterProductMatrix(T.self)
        k.withUnsafeBufferPointer { k in
            guard let k = k.baseAddress else { return }
            ConvolutionKernels.forEachPart(g) { part in
                ConvolutionKernels.withScratch(T.self, count: gridCount + dataCount + gradientCount + filterCount, zeroed: 0) { scratch in
                    let v = scratch + gridCount, e = v + dataCount, du = e + gradientCount
                    var tiling = tiling
                    let images = g.images(ofPart: part)
                    let partial = partials + part * partialSize
                    for (chunk, chunkImages) in chunks(of: images, chunkSize).enumerated() {
                        let tiles = chunkImages.count * tilesPerImage
                        for (index, n) in chunkImages.enumerated() {
                            transformTiles(&tiling, LGF_WINOGRAD_DATA, x + n * ci * g.plane, channels: ci, scratch: scratch,
                                           into: v + index * tilesPerImage * ci, positionStride: tiles * ci)
                            transformTiles(&tiling, LGF_WINOGRAD_OUTPUT_GRADIENT, dy + n * co * g.plane, channels: co, scratch: scratch,
                                           into: e + index * tilesPerImage * co, positionStride: tiles * co)
                        }
                        for p in 0..<positions {
                            T.gemm(transposeA: true, transposeB: false, m: ci, n: co, k: tiles, a: v + p * tiles * ci, lda: ci,
                                   b: e + p * tiles * co, ldb: co, accumulate: chunk > 0, c: du + p * ci * co, ldc: co, bias: nil, tanh: false)
                        }
                    }
                    T.gemm(transposeA: true, transposeB: false, m: 9, n: ci * co, k: positions, a: k, lda: 9, b: du, ldb: ci * co,
                           accumulate: false, c: partial, ldc: ci * co, bias: nil, tanh: false)
                    guard computesBiasGradient else { return }
                    for o in 0..<co {
                        var total: T = 0
                        for n in images { total += Tensor.contiguousSum(dy + (n * co + o) * g.plane, g.plane) }
                        partial[9 * ci * co + o] = total
                    }
                }
            }
        }
    }
}
