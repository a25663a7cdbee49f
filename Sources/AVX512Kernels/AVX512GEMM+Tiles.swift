#if arch(x86_64)
// MARK: - The register tiles: 12×32, 8×48 and 12×16 (see `AVX512GEMM`)
// Deliberate repetition: each tile is unrolled by hand, one accumulator per register, so that the compiler keeps
// them all in registers; the tiles differ only in their shape, and the 6×8 / 6×16 tiles of `PortableGEMM` (in
// Tensors, compiled for AVX2) repeat the same pattern because this module alone is compiled for AVX-512 and the
// two cannot share code. `duplicates` lists these pairs; they are the only ones it should list as identical.
extension AVX512GEMM {
    /// The 12×32 register tile (24 of the 32 vector registers): C[0..<rows, 0..<columns] (=|+=) initial +
    /// Σ_p A[r, p] · panel[p, 0..<32], panel rows `panelStride` apart. Rows from `loadRows` on re-read row 0 (so
    /// that A read in place needs no padding; packed blocks are zero-padded and load all 12); rows from `rows` on are
    /// not stored.
    @inline(__always)
    static func tile(_ a: UnsafePointer<Float>, _ rowStride: Int, _ columnStride: Int, _ panel: UnsafePointer<Float>, _ panelStride: Int,
                             _ kc: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, loadRows: Int, columns: Int,
                             initial: (Vector, Vector), overwrite: Bool) {
        let (low, high) = initial
        var c00 = low, c01 = high
        var c10 = low, c11 = high
        var c20 = low, c21 = high
        var c30 = low, c31 = high
        var c40 = low, c41 = high
        var c50 = low, c51 = high
        var c60 = low, c61 = high
        var c70 = low, c71 = high
        var c80 = low, c81 = high
        var c90 = low, c91 = high
        var c100 = low, c101 = high
        var c110 = low, c111 = high
        var pa = a, pb = panel
        let r1 = loadRows > 1 ? 1 * rowStride : 0
        let r2 = loadRows > 2 ? 2 * rowStride : 0
        let r3 = loadRows > 3 ? 3 * rowStride : 0
        let r4 = loadRows > 4 ? 4 * rowStride : 0
        let r5 = loadRows > 5 ? 5 * rowStride : 0
        let r6 = loadRows > 6 ? 6 * rowStride : 0
        let r7 = loadRows > 7 ? 7 * rowStride : 0
        let r8 = loadRows > 8 ? 8 * rowStride : 0
        let r9 = loadRows > 9 ? 9 * rowStride : 0
        let r10 = loadRows > 10 ? 10 * rowStride : 0
        let r11 = loadRows > 11 ? 11 * rowStride : 0
        // One depth: two panel vectors, twelve broadcasts, 24 FMAs. Two per loop trip when deep (2–4% on 1000·512·512).
        @inline(__always)
        func step() {
            let b0 = load(pb), b1 = load(pb + lanes)
            var x = Vector(repeating: pa[0]); c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = Vector(repeating: pa[r1]); c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = Vector(repeating: pa[r2]); c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = Vector(repeating: pa[r3]); c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = Vector(repeating: pa[r4]); c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = Vector(repeating: pa[r5]); c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            x = Vector(repeating: pa[r6]); c60 = c60.addingProduct(x, b0); c61 = c61.addingProduct(x, b1)
            x = Vector(repeating: pa[r7]); c70 = c70.addingProduct(x, b0); c71 = c71.addingProduct(x, b1)
            x = Vector(repeating: pa[r8]); c80 = c80.addingProduct(x, b0); c81 = c81.addingProduct(x, b1)
            x = Vector(repeating: pa[r9]); c90 = c90.addingProduct(x, b0); c91 = c91.addingProduct(x, b1)
            x = Vector(repeating: pa[r10]); c100 = c100.addingProduct(x, b0); c101 = c101.addingProduct(x, b1)
            x = Vector(repeating: pa[r11]); c110 = c110.addingProduct(x, b0); c111 = c111.addingProduct(x, b1)
            pa += columnStride
            pb += panelStride
        }
        if kc >= 128 {
            for _ in 0..<kc / 2 { step(); step() }
            if kc % 2 != 0 { step() }
        } else {
            for _ in 0..<kc { step() }
        }
        store(c, c00, c01, columns, overwrite)
        if rows > 1 { store(c + 1 * ldc, c10, c11, columns, overwrite) }
        if rows > 2 { store(c + 2 * ldc, c20, c21, columns, overwrite) }
        if rows > 3 { store(c + 3 * ldc, c30, c31, columns, overwrite) }
        if rows > 4 { store(c + 4 * ldc, c40, c41, columns, overwrite) }
        if rows > 5 { store(c + 5 * ldc, c50, c51, columns, overwrite) }
        if rows > 6 { store(c + 6 * ldc, c60, c61, columns, overwrite) }
        if rows > 7 { store(c + 7 * ldc, c70, c71, columns, overwrite) }
        if rows > 8 { store(c + 8 * ldc, c80, c81, columns, overwrite) }
        if rows > 9 { store(c + 9 * ldc, c90, c91, columns, overwrite) }
        if rows > 10 { store(c + 10 * ldc, c100, c101, columns, overwrite) }
        if rows > 11 { store(c + 11 * ldc, c110, c111, columns, overwrite) }
    }

    /// The 8×48 register tile (24 accumulators): C[0..<rows, 0..<columns] (=|+=) initial + Σ_p A[r, p] · panel[p, 0..<48],
    /// panel rows 48 apart; missing rows (fewer than 8 left) re-read row 0 and are not stored.
    @inline(__always)
    static func wideTile(_ a: UnsafePointer<Float>, _ rowStride: Int, _ columnStride: Int, _ panel: UnsafePointer<Float>,
                                 _ kc: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, columns: Int,
                                 initial: (Vector, Vector, Vector), overwrite: Bool) {
        let (v0, v1, v2) = initial
        var c00 = v0, c01 = v1, c02 = v2
        var c10 = v0, c11 = v1, c12 = v2
        var c20 = v0, c21 = v1, c22 = v2
        var c30 = v0, c31 = v1, c32 = v2
        var c40 = v0, c41 = v1, c42 = v2
        var c50 = v0, c51 = v1, c52 = v2
        var c60 = v0, c61 = v1, c62 = v2
        var c70 = v0, c71 = v1, c72 = v2
        var pa = a, pb = panel
        let r1 = rows > 1 ? 1 * rowStride : 0
        let r2 = rows > 2 ? 2 * rowStride : 0
        let r3 = rows > 3 ? 3 * rowStride : 0
        let r4 = rows > 4 ? 4 * rowStride : 0
        let r5 = rows > 5 ? 5 * rowStride : 0
        let r6 = rows > 6 ? 6 * rowStride : 0
        let r7 = rows > 7 ? 7 * rowStride : 0
        for _ in 0..<kc {
            let b0 = load(pb), b1 = load(pb + lanes), b2 = load(pb + 2 * lanes)
            var x = Vector(repeating: pa[0]); c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1); c02 = c02.addingProduct(x, b2)
            x = Vector(repeating: pa[r1]); c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1); c12 = c12.addingProduct(x, b2)
            x = Vector(repeating: pa[r2]); c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1); c22 = c22.addingProduct(x, b2)
            x = Vector(repeating: pa[r3]); c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1); c32 = c32.addingProduct(x, b2)
            x = Vector(repeating: pa[r4]); c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1); c42 = c42.addingProduct(x, b2)
            x = Vector(repeating: pa[r5]); c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1); c52 = c52.addingProduct(x, b2)
            x = Vector(repeating: pa[r6]); c60 = c60.addingProduct(x, b0); c61 = c61.addingProduct(x, b1); c62 = c62.addingProduct(x, b2)
            x = Vector(repeating: pa[r7]); c70 = c70.addingProduct(x, b0); c71 = c71.addingProduct(x, b1); c72 = c72.addingProduct(x, b2)
            pa += columnStride
            pb += wideWidth
        }
        let zero = Vector(), rest = columns - panelWidth
        store(c, c00, c01, panelWidth, overwrite); store(c + panelWidth, c02, zero, rest, overwrite)
        if rows > 1 { store(c + 1 * ldc, c10, c11, panelWidth, overwrite); store(c + 1 * ldc + panelWidth, c12, zero, rest, overwrite) }
        if rows > 2 { store(c + 2 * ldc, c20, c21, panelWidth, overwrite); store(c + 2 * ldc + panelWidth, c22, zero, rest, overwrite) }
        if rows > 3 { store(c + 3 * ldc, c30, c31, panelWidth, overwrite); store(c + 3 * ldc + panelWidth, c32, zero, rest, overwrite) }
        if rows > 4 { store(c + 4 * ldc, c40, c41, panelWidth, overwrite); store(c + 4 * ldc + panelWidth, c42, zero, rest, overwrite) }
        if rows > 5 { store(c + 5 * ldc, c50, c51, panelWidth, overwrite); store(c + 5 * ldc + panelWidth, c52, zero, rest, overwrite) }
        if rows > 6 { store(c + 6 * ldc, c60, c61, panelWidth, overwrite); store(c + 6 * ldc + panelWidth, c62, zero, rest, overwrite) }
        if rows > 7 { store(c + 7 * ldc, c70, c71, panelWidth, overwrite); store(c + 7 * ldc + panelWidth, c72, zero, rest, overwrite) }
    }

    /// The 12×16 register tile for a last panel of at most 16 columns (half the work of a 32-wide tile); rows as in `tile`.
    @inline(__always)
    static func narrowTile(_ a: UnsafePointer<Float>, _ rowStride: Int, _ columnStride: Int, _ panel: UnsafePointer<Float>,
                                   _ panelStride: Int, _ kc: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, loadRows: Int,
                                   columns: Int, initial: Vector, overwrite: Bool) {
        var c0 = initial, c1 = initial, c2 = initial, c3 = initial, c4 = initial, c5 = initial
        var c6 = initial, c7 = initial, c8 = initial, c9 = initial, c10 = initial, c11 = initial
        var pa = a, pb = panel
        let r1 = loadRows > 1 ? 1 * rowStride : 0
        let r2 = loadRows > 2 ? 2 * rowStride : 0
        let r3 = loadRows > 3 ? 3 * rowStride : 0
        let r4 = loadRows > 4 ? 4 * rowStride : 0
        let r5 = loadRows > 5 ? 5 * rowStride : 0
        let r6 = loadRows > 6 ? 6 * rowStride : 0
        let r7 = loadRows > 7 ? 7 * rowStride : 0
        let r8 = loadRows > 8 ? 8 * rowStride : 0
        let r9 = loadRows > 9 ? 9 * rowStride : 0
        let r10 = loadRows > 10 ? 10 * rowStride : 0
        let r11 = loadRows > 11 ? 11 * rowStride : 0
        for _ in 0..<kc {
            let b0 = load(pb)
            c0 = c0.addingProduct(Vector(repeating: pa[0]), b0)
            c1 = c1.addingProduct(Vector(repeating: pa[r1]), b0)
            c2 = c2.addingProduct(Vector(repeating: pa[r2]), b0)
            c3 = c3.addingProduct(Vector(repeating: pa[r3]), b0)
            c4 = c4.addingProduct(Vector(repeating: pa[r4]), b0)
            c5 = c5.addingProduct(Vector(repeating: pa[r5]), b0)
            c6 = c6.addingProduct(Vector(repeating: pa[r6]), b0)
            c7 = c7.addingProduct(Vector(repeating: pa[r7]), b0)
            c8 = c8.addingProduct(Vector(repeating: pa[r8]), b0)
            c9 = c9.addingProduct(Vector(repeating: pa[r9]), b0)
            c10 = c10.addingProduct(Vector(repeating: pa[r10]), b0)
            c11 = c11.addingProduct(Vector(repeating: pa[r11]), b0)
            pa += columnStride
            pb += panelStride
        }
        let zero = Vector()
        store(c, c0, zero, columns, overwrite)
        if rows > 1 { store(c + 1 * ldc, c1, zero, columns, overwrite) }
        if rows > 2 { store(c + 2 * ldc, c2, zero, columns, overwrite) }
        if rows > 3 { store(c + 3 * ldc, c3, zero, columns, overwrite) }
        if rows > 4 { store(c + 4 * ldc, c4, zero, columns, overwrite) }
        if rows > 5 { store(c + 5 * ldc, c5, zero, columns, overwrite) }
        if rows > 6 { store(c + 6 * ldc, c6, zero, columns, overwrite) }
        if rows > 7 { store(c + 7 * ldc, c7, zero, columns, overwrite) }
        if rows > 8 { store(c + 8 * ldc, c8, zero, columns, overwrite) }
        if rows > 9 { store(c + 9 * ldc, c9, zero, columns, overwrite) }
        if rows > 10 { store(c + 10 * ldc, c10, zero, columns, overwrite) }
        if rows > 11 { store(c + 11 * ldc, c11, zero, columns, overwrite) }
    }
}
#endif
