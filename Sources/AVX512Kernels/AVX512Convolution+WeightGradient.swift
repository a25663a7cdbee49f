#if arch(x86_64)
// MARK: - The weight gradient of a convolution on the padded grid, from a channels-last copy of the padded input
extension AVX512Convolution {
    /// Output-gradient rows per register tile of `weightGradient`.
    public static let gradientRows = 6
    /// Input channels per register tile of `weightGradient` (four vectors).
    static let gradientColumns = 64

    /// Floats `weightGradient` may read past the last padded position of `transposed` (its last tile loads whole
    /// vectors of channels): a caller's buffer needs this much readable slack after it.
    public static let transposedSlack = 64

    /// out[t][r][c] (= or, when `accumulate`, +=) Σ_j dy[r·dyStride + j] · transposed[(offsets[t] + j)·channels + c] for
    /// r < rows, c < channels, j < columns: the k² products of the output gradient (`rows` channels, on the wide grid)
    /// with the shifted input, whose padded planes come channels-last (`[position][channels]`), so that shifting by a
    /// tap moves whole rows and a tile's inner loop reads one contiguous row of channels per position.
    ///
    /// A 6 × 64 register tile (24 accumulators) runs over all positions for one tap, block of rows and block of 64
    /// channels, and is stored once. Rows past the last (a partial block) re-read row 0 and are not stored; channels
    /// past the last are computed from whatever follows and not stored.
    public static func weightGradient(dy: UnsafePointer<Float>, rows: Int, dyStride: Int, transposed: UnsafePointer<Float>, channels: Int,
                                      offsets: UnsafePointer<Int>, taps: Int, columns: Int, into out: UnsafeMutablePointer<Float>,
                                      accumulate: Bool) {
        for t in 0..<taps {
            let source = transposed + offsets[t] * channels
            var r0 = 0
            while r0 < rows {
                let rowCount = min(gradientRows, rows - r0)
                var c0 = 0
                while c0 < channels {
                    gradientTile(dy + r0 * dyStride, dyStride, rowCount, source + c0, channels, columns,
                                 out + (t * rows + r0) * channels + c0, channels, min(gradientColumns, channels - c0), accumulate)
                    c0 += gradientColumns
                }
                r0 += rowCount
            }
        }
    }

    /// One 6 × 64 tile of `weightGradient`: out[r][c] (=|+=) Σ_j dy[r·dyStride + j] · source[j·stride + c], `rows` rows
    /// and `width` channels stored.
    @inline(__always)
    static func gradientTile(_ dy: UnsafePointer<Float>, _ dyStride: Int, _ rows: Int, _ source: UnsafePointer<Float>, _ stride: Int,
                             _ columns: Int, _ out: UnsafeMutablePointer<Float>, _ ldo: Int, _ width: Int, _ accumulate: Bool) {
        var c00 = Vector(), c01 = Vector(), c02 = Vector(), c03 = Vector()
        var c10 = Vector(), c11 = Vector(), c12 = Vector(), c13 = Vector()
        var c20 = Vector(), c21 = Vector(), c22 = Vector(), c23 = Vector()
        var c30 = Vector(), c31 = Vector(), c32 = Vector(), c33 = Vector()
        var c40 = Vector(), c41 = Vector(), c42 = Vector(), c43 = Vector()
        var c50 = Vector(), c51 = Vector(), c52 = Vector(), c53 = Vector()
        let r1 = rows > 1 ? dyStride : 0, r2 = rows > 2 ? 2 * dyStride : 0, r3 = rows > 3 ? 3 * dyStride : 0
        let r4 = rows > 4 ? 4 * dyStride : 0, r5 = rows > 5 ? 5 * dyStride : 0
        var pa = dy, pb = source
        for _ in 0..<columns {
            let b0 = load(pb), b1 = load(pb + lanes), b2 = load(pb + 2 * lanes), b3 = load(pb + 3 * lanes)
            var x = Vector(repeating: pa[0])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1); c02 = c02.addingProduct(x, b2); c03 = c03.addingProduct(x, b3)
            x = Vector(repeating: pa[r1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1); c12 = c12.addingProduct(x, b2); c13 = c13.addingProduct(x, b3)
            x = Vector(repeating: pa[r2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1); c22 = c22.addingProduct(x, b2); c23 = c23.addingProduct(x, b3)
            x = Vector(repeating: pa[r3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1); c32 = c32.addingProduct(x, b2); c33 = c33.addingProduct(x, b3)
            x = Vector(repeating: pa[r4])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1); c42 = c42.addingProduct(x, b2); c43 = c43.addingProduct(x, b3)
            x = Vector(repeating: pa[r5])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1); c52 = c52.addingProduct(x, b2); c53 = c53.addingProduct(x, b3)
            pa += 1
            pb += stride
        }
        storeRow(out, c00, c01, c02, c03, width, accumulate)
        if rows > 1 { storeRow(out + ldo, c10, c11, c12, c13, width, accumulate) }
        if rows > 2 { storeRow(out + 2 * ldo, c20, c21, c22, c23, width, accumulate) }
        if rows > 3 { storeRow(out + 3 * ldo, c30, c31, c32, c33, width, accumulate) }
        if rows > 4 { storeRow(out + 4 * ldo, c40, c41, c42, c43, width, accumulate) }
        if rows > 5 { storeRow(out + 5 * ldo, c50, c51, c52, c53, width, accumulate) }
    }

    /// Writes (or adds) the first `width` (≤ 64) lanes of a four-vector row.
    @inline(__always)
    static func storeRow(_ target: UnsafeMutablePointer<Float>, _ v0: Vector, _ v1: Vector, _ v2: Vector, _ v3: Vector, _ width: Int,
                         _ accumulate: Bool) {
        if width > 2 * lanes {
            AVX512GEMM.store(target, v0, v1, 2 * lanes, !accumulate)
            AVX512GEMM.store(target + 2 * lanes, v2, v3, width - 2 * lanes, !accumulate)
        } else {
            AVX512GEMM.store(target, v0, v1, width, !accumulate)
        }
    }
}
#endif
