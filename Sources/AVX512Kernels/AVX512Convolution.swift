#if arch(x86_64)
// MARK: - Direct correlation on zero-padded planes (Tensors' conv2d), every tap and channel in one register tile

/// The inner loop of a stride-1 convolution on Tensors' padded grid, without OpenBLAS: for every output row r and
/// position j, out[r, j] = Σ_t Σ_c A_t[r, c] · source[c·channelStride + offset_t + j]. That is the k² per-tap
/// products [rows, channels]·[channels, columns] of `ConvolutionKernels`, but summed in one 8 × 48 register tile
/// (24 `SIMD16<Float>` accumulators) over all taps and channels before it is stored once: the shifted image is read
/// in place (OpenBLAS copies ("packs") it once per tap, 12% of a coupler step), the weights are packed once per
/// convolution, and the output is written once instead of read and written k² times.
///
/// Each element's sum runs over taps, then channels, in the same order for every tile, so results do not depend on
/// how a caller splits the work. Compiled for AVX-512 with the rest of this module: call only on CPUs that have it.
public enum AVX512Convolution {
    typealias Vector = SIMD16<Float>
    /// Output rows per register tile; the packed weights come in blocks of this many rows.
    public static let blockRows = 8
    static let lanes = 16
    static let tileColumns = 48

    /// Floats `packWeights` writes for `rows` output rows, `channels` summed channels and `taps` taps.
    public static func packedWeightCount(rows: Int, channels: Int, taps: Int) -> Int {
        (rows + blockRows - 1) / blockRows * blockRows * channels * taps
    }

    /// Floats `correlate` may read past the last position a product reaches (its last tile computes whole vectors),
    /// so a caller's source buffer needs this much slack after its last channel.
    public static let sourceSlack = 48

    /// Rearranges per-tap weights `a[t][r][c]` (`rows` × `channels` per tap) into `[row block][t][c][8]`, rows past
    /// `rows` zero: a tile then reads its eight weights per step from one 32-byte line.
    public static func packWeights(_ a: UnsafePointer<Float>, rows: Int, channels: Int, taps: Int, into packed: UnsafeMutablePointer<Float>) {
        let blocks = (rows + blockRows - 1) / blockRows
        var target = packed
        for block in 0..<blocks {
            for t in 0..<taps {
                for c in 0..<channels {
                    for r in 0..<blockRows {
                        let row = block * blockRows + r
                        target[r] = row < rows ? a[(t * rows + row) * channels + c] : 0
                    }
                    target += blockRows
                }
            }
        }
    }

    /// out[r·ldc + j] = Σ_t Σ_c A_t[r, c] · source[c·channelStride + offsets[t] + j] for r < rows, j < columns, with
    /// `packed` from `packWeights(rows:channels:taps:)`. Reads `source` up to `sourceSlack` floats past the furthest
    /// position of the last channel that the product needs; those lanes are computed and not stored.
    public static func correlate(packed: UnsafePointer<Float>, rows: Int, channels: Int, offsets: UnsafePointer<Int>, taps: Int,
                                 source: UnsafePointer<Float>, channelStride: Int, columns: Int,
                                 out: UnsafeMutablePointer<Float>, ldc: Int) {
        let blocks = (rows + blockRows - 1) / blockRows, blockSize = blockRows * channels * taps
        var j0 = 0
        while j0 < columns {
            let width = min(tileColumns, columns - j0)
            for block in 0..<blocks {
                let rowCount = min(blockRows, rows - block * blockRows)
                let a = packed + block * blockSize, c = out + block * blockRows * ldc + j0
                if width > 2 * lanes {
                    wideTile(a, channels, offsets, taps, source + j0, channelStride, c, ldc, rows: rowCount, columns: width)
                } else {
                    var j = 0
                    while j < width {
                        narrowTile(a, channels, offsets, taps, source + j0 + j, channelStride, c + j, ldc, rows: rowCount,
                                   columns: min(lanes, width - j))
                        j += lanes
                    }
                }
            }
            j0 += width
        }
    }

    /// The 8 × 48 tile: rows `rows` (≤ 8) of `c`, columns `columns` (33…48) stored.
    @inline(__always)
    static func wideTile(_ a: UnsafePointer<Float>, _ channels: Int, _ offsets: UnsafePointer<Int>, _ taps: Int, _ source: UnsafePointer<Float>,
                         _ channelStride: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, columns: Int) {
        var c00 = Vector(), c01 = Vector(), c02 = Vector()
        var c10 = Vector(), c11 = Vector(), c12 = Vector()
        var c20 = Vector(), c21 = Vector(), c22 = Vector()
        var c30 = Vector(), c31 = Vector(), c32 = Vector()
        var c40 = Vector(), c41 = Vector(), c42 = Vector()
        var c50 = Vector(), c51 = Vector(), c52 = Vector()
        var c60 = Vector(), c61 = Vector(), c62 = Vector()
        var c70 = Vector(), c71 = Vector(), c72 = Vector()
        var pa = a
        for t in 0..<taps {
            var pb = source + offsets[t]
            for _ in 0..<channels {
                let b0 = load(pb), b1 = load(pb + lanes), b2 = load(pb + 2 * lanes)
                var x = Vector(repeating: pa[0]); c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1); c02 = c02.addingProduct(x, b2)
                x = Vector(repeating: pa[1]); c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1); c12 = c12.addingProduct(x, b2)
                x = Vector(repeating: pa[2]); c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1); c22 = c22.addingProduct(x, b2)
                x = Vector(repeating: pa[3]); c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1); c32 = c32.addingProduct(x, b2)
                x = Vector(repeating: pa[4]); c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1); c42 = c42.addingProduct(x, b2)
                x = Vector(repeating: pa[5]); c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1); c52 = c52.addingProduct(x, b2)
                x = Vector(repeating: pa[6]); c60 = c60.addingProduct(x, b0); c61 = c61.addingProduct(x, b1); c62 = c62.addingProduct(x, b2)
                x = Vector(repeating: pa[7]); c70 = c70.addingProduct(x, b0); c71 = c71.addingProduct(x, b1); c72 = c72.addingProduct(x, b2)
                pa += blockRows
                pb += channelStride
            }
        }
        let zero = Vector(), rest = columns - 2 * lanes
        AVX512GEMM.store(c, c00, c01, 2 * lanes, true); AVX512GEMM.store(c + 2 * lanes, c02, zero, rest, true)
        if rows > 1 { AVX512GEMM.store(c + 1 * ldc, c10, c11, 2 * lanes, true); AVX512GEMM.store(c + 1 * ldc + 2 * lanes, c12, zero, rest, true) }
        if rows > 2 { AVX512GEMM.store(c + 2 * ldc, c20, c21, 2 * lanes, true); AVX512GEMM.store(c + 2 * ldc + 2 * lanes, c22, zero, rest, true) }
        if rows > 3 { AVX512GEMM.store(c + 3 * ldc, c30, c31, 2 * lanes, true); AVX512GEMM.store(c + 3 * ldc + 2 * lanes, c32, zero, rest, true) }
        if rows > 4 { AVX512GEMM.store(c + 4 * ldc, c40, c41, 2 * lanes, true); AVX512GEMM.store(c + 4 * ldc + 2 * lanes, c42, zero, rest, true) }
        if rows > 5 { AVX512GEMM.store(c + 5 * ldc, c50, c51, 2 * lanes, true); AVX512GEMM.store(c + 5 * ldc + 2 * lanes, c52, zero, rest, true) }
        if rows > 6 { AVX512GEMM.store(c + 6 * ldc, c60, c61, 2 * lanes, true); AVX512GEMM.store(c + 6 * ldc + 2 * lanes, c62, zero, rest, true) }
        if rows > 7 { AVX512GEMM.store(c + 7 * ldc, c70, c71, 2 * lanes, true); AVX512GEMM.store(c + 7 * ldc + 2 * lanes, c72, zero, rest, true) }
    }

    /// The 8 × 16 tile for a product's last columns: rows `rows` (≤ 8) of `c`, columns `columns` (≤ 16) stored.
    @inline(__always)
    static func narrowTile(_ a: UnsafePointer<Float>, _ channels: Int, _ offsets: UnsafePointer<Int>, _ taps: Int, _ source: UnsafePointer<Float>,
                           _ channelStride: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, columns: Int) {
        var c0 = Vector(), c1 = Vector(), c2 = Vector(), c3 = Vector(), c4 = Vector(), c5 = Vector(), c6 = Vector(), c7 = Vector()
        var pa = a
        for t in 0..<taps {
            var pb = source + offsets[t]
            for _ in 0..<channels {
                let b = load(pb)
                c0 = c0.addingProduct(Vector(repeating: pa[0]), b)
                c1 = c1.addingProduct(Vector(repeating: pa[1]), b)
                c2 = c2.addingProduct(Vector(repeating: pa[2]), b)
                c3 = c3.addingProduct(Vector(repeating: pa[3]), b)
                c4 = c4.addingProduct(Vector(repeating: pa[4]), b)
                c5 = c5.addingProduct(Vector(repeating: pa[5]), b)
                c6 = c6.addingProduct(Vector(repeating: pa[6]), b)
                c7 = c7.addingProduct(Vector(repeating: pa[7]), b)
                pa += blockRows
                pb += channelStride
            }
        }
        let zero = Vector()
        AVX512GEMM.store(c, c0, zero, columns, true)
        if rows > 1 { AVX512GEMM.store(c + 1 * ldc, c1, zero, columns, true) }
        if rows > 2 { AVX512GEMM.store(c + 2 * ldc, c2, zero, columns, true) }
        if rows > 3 { AVX512GEMM.store(c + 3 * ldc, c3, zero, columns, true) }
        if rows > 4 { AVX512GEMM.store(c + 4 * ldc, c4, zero, columns, true) }
        if rows > 5 { AVX512GEMM.store(c + 5 * ldc, c5, zero, columns, true) }
        if rows > 6 { AVX512GEMM.store(c + 6 * ldc, c6, zero, columns, true) }
        if rows > 7 { AVX512GEMM.store(c + 7 * ldc, c7, zero, columns, true) }
    }

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
}
#endif
