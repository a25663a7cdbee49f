#if arch(x86_64)
/// The AVX-512 twin of Tensors' `PortableGEMM`: the same algorithm with 16-lane vectors, 32-column panels and a
/// 12×32 register tile (24 `SIMD16<Float>` accumulators, which AVX-512's 32 registers allow), compiled for
/// `skylake-avx512`.
///
/// Blocking, outermost first:
/// - Depth blocks of kc ≤ 512 (as even as possible; ≤ 128 when op(A) has fewer than 256 rows). The first block
///   writes C (or starts from the bias row), later ones add to it.
/// - Per depth block, op(B) is copied into 32-column panels, `[p][32]` contiguous, so that a tile reads it as one
///   stream (plain B is read in place when op(A) has few rows); transposed A with rows ≥ 256 floats is copied into
///   12-row blocks, `[block][p][12]`.
/// - Tiles of 12 rows × one panel. With ≥ 256 rows, all panels run against one row block (which stays in L1) before
///   the next; with fewer, all row blocks run against one panel, so that each panel of B is read once.
/// - The tiles: 12×32 (two depths per loop trip when deep), 12×16 for a last panel of at most 16 columns, and 8×48
///   for products with 33 to 48 columns (`usesWideTile`).
/// Aᵀ·B with B narrow is computed as (Bᵀ·A)ᵀ (`transposesProduct`), so that the large A is the streamed operand.
///
/// This module is compiled for AVX-512 (F, CD, BW, DQ, VL) and holds nothing else, so that the rest of the
/// package can stay on AVX2 + FMA: call it only after checking the CPU (Tensors' `BLAS` does). It exists because
/// OpenBLAS 0.3.21 runs its generic SSE3 kernels on CPUs it does not recognise (Intel Sapphire/Emerald Rapids),
/// where this kernel reaches 85–160 GFLOP/s on the flow shapes (single thread, peak ≈ 175) against 25–32 (and
/// ~85–145 for OpenBLAS' own AVX-512 kernels when OPENBLAS_CORETYPE names them).
public enum AVX512GEMM {
    private typealias Vector = SIMD16<Float>
    private static let lanes = 16
    private static let panelWidth = 32
    private static let tileRows = 12
    private static let wideWidth = 48
    private static let wideRows = 8

    /// Floats of scratch `multiply` needs for an m×n result with inner extent k: op(B)'s column panels packed for one
    /// depth block (only the last, partial one when B is read in place; one 48-wide panel for the 8×48 tile), and
    /// op(A)'s depth block when it is packed; on the (Bᵀ·A)ᵀ route, the n × m product before those of Bᵀ·A.
    public static func scratchCount(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> Int {
        if transposesProduct(m: m, n: n, transposeA: transposeA, transposeB: transposeB) {
            return n * m + scratchCount(m: n, n: m, k: k, transposeA: true, transposeB: false)
        }
        let depth = depthBlockSize(k, m: m)
        let panels = packsB(m: m, transposeB: transposeB) ? (n + panelWidth - 1) / panelWidth : (n % panelWidth > 0 ? 1 : 0)
        let rowBlocks = (m + tileRows - 1) / tileRows
        let count = panels * panelWidth * depth + (transposeA ? rowBlocks * tileRows * depth : 0)
        // The 8×48 tile's panel (whether it serves depends on lda, unknown here).
        return n > panelWidth && n <= wideWidth ? max(count, wideWidth * depth) : count
    }

    /// Whether op(A) has so few rows (m < 256) that B is the operand worth streaming well: each of B's panels then
    /// serves all of op(A)'s row blocks before the next one is read, B (when not transposed) is read in place, and
    /// depth blocks are short.
    static func fewRows(_ m: Int) -> Bool { m < 256 }

    /// Whether every panel of op(B) is copied to contiguous `[p][32]` rows. B transposed always is (its columns are
    /// strided); plain B only when many row blocks reuse the copy: its rows, ldb apart, map to few L1 sets (2 KiB
    /// apart for ldb = 512), so in place the panel falls out of L1 between row blocks; for m ≤ 43 (k = 1000) the copy
    /// cost 5–20%.
    static func packsB(m: Int, transposeB: Bool) -> Bool { transposeB || !fewRows(m) }

    /// Whether op(A)'s depth block is copied to `[row block][p][12]`: only when A is transposed with rows at least
    /// 256 floats long. Read in place, a 12-row block of op(A) then takes 12 floats from each of kc rows of A 1 KiB
    /// or more apart (2 KiB for 512 × 1000: 512·512·1000 TN 133 → 144 GFLOP/s with the copy); for shorter rows the
    /// copy costs more than it saves (8–10% at m = 86, 128).
    static func packsA(lda: Int, transposeA: Bool) -> Bool { transposeA && lda >= 256 }

    /// The depth of each block, as even as possible under the limit (k = 1000 runs as 500 + 500, not 512 + 488). The
    /// limit is 512 — a 12 × 512 block of op(A) (24 KiB) stays in L1 while the panels stream past — except when op(A)
    /// has few rows: then 128, so that the B panels read in place span only 128 of B's rows (20·512·1000 TN
    /// 83 → 110 GFLOP/s, 43·512·1000 TN 114 → 126).
    static func depthBlockSize(_ k: Int, m: Int) -> Int {
        let limit = fewRows(m) ? 128 : 512
        let blocks = (k + limit - 1) / limit
        return (k + blocks - 1) / blocks
    }

    /// C ← op(A)·op(B) (+ C when `accumulate`; + `bias`, a row of n values added to every row, when given), row-major,
    /// op = transpose when the flag is set; then C ← tanh(C) when `tanh` is set (a hidden layer's bias and activation
    /// fused into its product: each block of rows is passed through tanh as soon as it is final, while it is still in
    /// cache, instead of one more pass over C); `scratch` holds at least `scratchCount(m:n:k:transposeA:transposeB:)`
    /// floats.
    /// - Precondition: m, n, k ≥ 1, not both `accumulate` and `bias`, and the CPU has AVX-512.
    @inline(never)
    public static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Float>? = nil,
                                tanh: Bool = false, scratch: UnsafeMutablePointer<Float>) {
        if transposesProduct(m: m, n: n, transposeA: transposeA, transposeB: transposeB) {
            // Cᵀ = Bᵀ·A into scratch (n × m, rows m apart), then transposed into C.
            let product = scratch
            blocked(transposeA: true, transposeB: false, m: n, n: m, k: k, a: b, lda: ldb, b: a, ldb: lda, c: product, ldc: m,
                    accumulate: false, bias: nil, tanh: false, scratch: scratch + n * m)
            transpose(product, m: m, n: n, into: c, ldc: ldc, accumulate: accumulate, bias: bias)
            if tanh { applyTanh(c, rows: m, columns: n, ldc: ldc) }
            return
        }
        blocked(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                accumulate: accumulate, bias: bias, tanh: tanh, scratch: scratch)
    }

    /// C[r, 0..<columns] ← tanh(C[r, 0..<columns]) for `rows` rows `ldc` apart (as one run when they are contiguous:
    /// narrow rows, 50 floats in the 2-D flows, would otherwise each end in a partial vector).
    private static func applyTanh(_ c: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ldc: Int) {
        if ldc == columns { return AVX512Math.tanh(c, c, count: rows * columns) }
        for r in 0..<rows { AVX512Math.tanh(c + r * ldc, c + r * ldc, count: columns) }
    }

    /// Whether Aᵀ·B is computed as (Bᵀ·A)ᵀ: for the weight gradient of a narrow layer, when B has few columns and op(A)
    /// many rows (n < 64 and m ≥ 256, or n ≤ 32 and m ≥ 96). Aᵀ·B would read few columns of B against all of A (k × m,
    /// 2 MiB for 1000 × 512, and for m ≥ 256 copied, which took as long as the product); Bᵀ·A reads A in place as
    /// the streamed operand, and transposing the small product costs little. Lab, GFLOP/s: 512·43·1000 TN 86 → 114,
    /// 512·20·1000 56 → 91, 128·20·1000 80 → 123, 100·10·1000 49 → 93; no gain at n = 64, and for 33 to 48 columns
    /// with m < 256 the 8×48 tile is faster (200·48·1000: 160 against 136).
    static func transposesProduct(m: Int, n: Int, transposeA: Bool, transposeB: Bool) -> Bool {
        transposeA && !transposeB && (m >= 256 && n < 64 || m >= 96 && n <= panelWidth)
    }

    /// C[i, j] (=|+=) p[j · m + i] (+ bias[j]) for i < m, j < n: C is the transpose of the n × m product p.
    private static func transpose(_ p: UnsafePointer<Float>, m: Int, n: Int, into c: UnsafeMutablePointer<Float>, ldc: Int,
                                  accumulate: Bool, bias: UnsafePointer<Float>?) {
        // 16 rows of C at a time: the rows of C written and the n runs of 16 floats of p read stay in L1.
        var i0 = 0
        while i0 < m {
            let rows = min(16, m - i0)
            for j in 0..<n {
                let source = p + j * m + i0, addend = bias?[j] ?? 0
                for r in 0..<rows {
                    let target = c + (i0 + r) * ldc + j
                    target.pointee = (accumulate ? target.pointee : 0) + source[r] + addend
                }
            }
            i0 += rows
        }
    }

    /// Whether the product runs on the 8×48 tile: for 33 to 48 columns (n = 43), which the 12×32 and 12×16 tiles
    /// cover with 36 FMAs and 27 loads per depth and 12 rows where the 8×48 tile needs 36 FMAs and 16.5.
    static func usesWideTile(n: Int, lda: Int, transposeA: Bool) -> Bool {
        n > panelWidth && n <= wideWidth && !packsA(lda: lda, transposeA: transposeA)
    }

    /// `multiply` for 33 to 48 columns: op(B) packed to `[p][48]` per depth block, 8 rows of op(A) at a time.
    private static func wideBlocked(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Float>?,
                                    tanh: Bool, scratch: UnsafeMutablePointer<Float>) {
        let depth = depthBlockSize(k, m: m)
        let rowStride = transposeA ? 1 : lda, columnStride = transposeA ? lda : 1
        let initialLow = seed(bias, column0: 0, columns: panelWidth), initialHigh = seed(bias, column0: panelWidth, columns: n - panelWidth).0
        var k0 = 0
        var overwrite = !accumulate
        while k0 < k {
            let kc = min(depth, k - k0)
            if transposeB {
                packTransposed(b, ldb, k0: k0, kc: kc, column0: 0, columns: n, width: wideWidth, into: scratch)
            } else {
                packPlain(b, ldb, k0: k0, kc: kc, column0: 0, columns: n, width: wideWidth, into: scratch)
            }
            let zero = Vector()
            var i = 0
            while i < m {
                let rows = min(wideRows, m - i)
                wideTile(a + (transposeA ? k0 * lda + i : i * lda + k0), rowStride, columnStride, scratch, kc, c + i * ldc, ldc,
                         rows: rows, columns: n, initial: k0 == 0 ? (initialLow.0, initialLow.1, initialHigh) : (zero, zero, zero),
                         overwrite: overwrite)
                if tanh && k0 + kc == k { applyTanh(c + i * ldc, rows: rows, columns: n, ldc: ldc) }
                i += rows
            }
            overwrite = false
            k0 += kc
        }
    }

    /// `multiply` by depth blocks, row blocks and column panels (the layout described on the type).
    private static func blocked(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Float>?,
                                tanh: Bool, scratch: UnsafeMutablePointer<Float>) {
        if usesWideTile(n: n, lda: lda, transposeA: transposeA) {
            wideBlocked(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                        accumulate: accumulate, bias: bias, tanh: tanh, scratch: scratch)
            return
        }
        let fullPanels = n / panelWidth, lastColumns = n - fullPanels * panelWidth
        let panelCount = fullPanels + (lastColumns > 0 ? 1 : 0)
        // A last partial panel that the half-width tile serves is packed half as wide.
        let lastWidth = lastColumns > lanes ? panelWidth : lanes
        let rowBlocks = (m + tileRows - 1) / tileRows
        let depth = depthBlockSize(k, m: m)
        let packB = packsB(m: m, transposeB: transposeB), packA = packsA(lda: lda, transposeA: transposeA)
        let packedA = scratch + (packB ? panelCount : (lastColumns > 0 ? 1 : 0)) * panelWidth * depth
        // Panels inner: op(A)'s row block stays in L1 while op(B)'s panels stream past it. Row blocks inner (few rows):
        // each panel of B is fetched once for all of op(A)'s rows.
        let panelsInner = !fewRows(m)
        // op(A) in place: rows lda apart (A plain) or 1 apart (A transposed); packed: 1 apart, depths 12 apart.
        let rowStride = packA || transposeA ? 1 : lda, columnStride = packA ? tileRows : transposeA ? lda : 1
        var k0 = 0
        var overwrite = !accumulate
        while k0 < k {
            let kc = min(depth, k - k0)
            // op(B)'s panels, packed contiguously ([p][32]) so that the tile reads each as one stream; in place, only
            // the last partial one, zero-padded to its width.
            for j in 0..<panelCount where packB || j == fullPanels {
                let packed = scratch + (packB ? j : 0) * kc * panelWidth
                let columns = min(panelWidth, n - j * panelWidth)
                let width = j < fullPanels ? panelWidth : lastWidth
                if transposeB {
                    packTransposed(b, ldb, k0: k0, kc: kc, column0: j * panelWidth, columns: columns, width: width, into: packed)
                } else {
                    packPlain(b, ldb, k0: k0, kc: kc, column0: j * panelWidth, columns: columns, width: width, into: packed)
                }
            }
            if packA { packRows(a, lda, k0: k0, kc: kc, m: m, into: packedA) }
            var rowBlock = 0, j = 0
            for _ in 0..<rowBlocks * panelCount {
                let i = rowBlock * tileRows, rows = min(tileRows, m - i)
                let block = packA ? UnsafePointer(packedA + rowBlock * kc * tileRows) : a + (transposeA ? k0 * lda + i : i * lda + k0)
                let inPlace = !packB && j < fullPanels
                let source = inPlace ? b + k0 * ldb + j * panelWidth : UnsafePointer(scratch + (packB ? j : 0) * kc * panelWidth)
                let stride = inPlace ? ldb : j < fullPanels ? panelWidth : lastWidth
                let columns = min(panelWidth, n - j * panelWidth)
                let target = c + i * ldc + j * panelWidth
                let initial = k0 == 0 ? seed(bias, column0: j * panelWidth, columns: columns) : (Vector(), Vector())
                // Packed blocks are zero-padded to 12 rows; in place, missing rows re-read row 0.
                let loadRows = packA ? tileRows : rows
                if columns > lanes {
                    tile(block, rowStride, columnStride, source, stride, kc, target, ldc,
                         rows: rows, loadRows: loadRows, columns: columns, initial: initial, overwrite: overwrite)
                } else {
                    narrowTile(block, rowStride, columnStride, source, stride, kc, target, ldc,
                               rows: rows, loadRows: loadRows, columns: columns, initial: initial.0, overwrite: overwrite)
                }
                if panelsInner {
                    j += 1
                    if j == panelCount {
                        // The row block is final after the last depth block: through tanh while it is in cache.
                        if tanh && k0 + kc == k { applyTanh(c + i * ldc, rows: rows, columns: n, ldc: ldc) }
                        j = 0
                        rowBlock += 1
                    }
                } else {
                    rowBlock += 1
                    if rowBlock == rowBlocks { rowBlock = 0; j += 1 }
                }
            }
            overwrite = false
            k0 += kc
        }
        // Row blocks inner (few rows): C is final only at the end.
        if tanh && !panelsInner { applyTanh(c, rows: m, columns: n, ldc: ldc) }
    }

    /// op(A)[i, k0 + p] = a[(k0 + p) * lda + i] (A transposed), row block r = i / 12 into `[r][p][12]`, reading A row
    /// after row (a 12-row block at a time took 12 floats from each of kc rows: as slow as the product for n ≤ 43);
    /// the rows past m in the last block are zero.
    private static func packRows(_ a: UnsafePointer<Float>, _ lda: Int, k0: Int, kc: Int, m: Int,
                                 into packed: UnsafeMutablePointer<Float>) {
        let fullBlocks = m / tileRows, lastRows = m - fullBlocks * tileRows
        for p in 0..<kc {
            let source = a + (k0 + p) * lda
            var target = packed + p * tileRows
            for block in 0..<fullBlocks {
                let from = UnsafeRawPointer(source + block * tileRows), to = UnsafeMutableRawPointer(target)
                to.storeBytes(of: from.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
                (to + 32).storeBytes(of: (from + 32).loadUnaligned(as: SIMD4<Float>.self), as: SIMD4<Float>.self)
                target += kc * tileRows
            }
            if lastRows > 0 {
                let from = source + fullBlocks * tileRows
                for r in 0..<lastRows { target[r] = from[r] }
                for r in lastRows..<tileRows { target[r] = 0 }
            }
        }
    }

    /// op(B)[k0 + p, column0 + col] = b[(column0 + col) * ldb + k0 + p] into `[p][width]`, zero-padded.
    private static func packTransposed(_ b: UnsafePointer<Float>, _ ldb: Int, k0: Int, kc: Int, column0: Int, columns: Int,
                                       width: Int, into panel: UnsafeMutablePointer<Float>) {
        if columns < width { clear(panel, count: kc * width) }
        // 16 depths at a time: the 16 panel rows written (2 KiB) and the 32 source lines read stay in L1, where
        // column by column each store went to a different line of a panel larger than L1.
        var p0 = 0
        while p0 < kc {
            let depths = min(16, kc - p0)
            for column in 0..<columns {
                let source = b + (column0 + column) * ldb + k0 + p0, target = panel + p0 * width + column
                for p in 0..<depths { target[p * width] = source[p] }
            }
            p0 += depths
        }
    }

    /// B[k0 + p, column0 + col] into `[p][width]`, zero-padded.
    private static func packPlain(_ b: UnsafePointer<Float>, _ ldb: Int, k0: Int, kc: Int, column0: Int, columns: Int,
                                  width: Int, into panel: UnsafeMutablePointer<Float>) {
        if columns == panelWidth {
            for p in 0..<kc {
                let source = b + (k0 + p) * ldb + column0, row = panel + p * panelWidth
                save(load(source), row)
                save(load(source + lanes), row + lanes)
            }
            return
        }
        clear(panel, count: kc * width)
        for p in 0..<kc {
            let source = b + (k0 + p) * ldb + column0, row = panel + p * width
            for column in 0..<columns { row[column] = source[column] }
        }
    }

    /// Zeroes `count` floats (a multiple of the vector width) with whole-vector stores (a scalar loop over the few padding columns of each row
    /// cost more than the copy itself).
    private static func clear(_ panel: UnsafeMutablePointer<Float>, count: Int) {
        let zero = Vector()
        for index in stride(from: 0, to: count, by: Vector.scalarCount) { save(zero, panel + index) }
    }

    /// The 12×32 register tile (24 of the 32 vector registers): C[0..<rows, 0..<columns] (=|+=) initial +
    /// Σ_p A[r, p] · panel[p, 0..<32], panel rows `panelStride` apart. Rows from `loadRows` on re-read row 0 (so
    /// that A read in place needs no padding; packed blocks are zero-padded and load all 12); rows from `rows` on are
    /// not stored.
    @inline(__always)
    private static func tile(_ a: UnsafePointer<Float>, _ rowStride: Int, _ columnStride: Int, _ panel: UnsafePointer<Float>, _ panelStride: Int,
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
    private static func wideTile(_ a: UnsafePointer<Float>, _ rowStride: Int, _ columnStride: Int, _ panel: UnsafePointer<Float>,
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
    private static func narrowTile(_ a: UnsafePointer<Float>, _ rowStride: Int, _ columnStride: Int, _ panel: UnsafePointer<Float>,
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

    /// The accumulators' starting values for the panel at `column0`: the bias columns (zero-padded), or zero.
    @inline(__always)
    private static func seed(_ bias: UnsafePointer<Float>?, column0: Int, columns: Int) -> (Vector, Vector) {
        guard let bias else { return (Vector(), Vector()) }
        let width = Vector.scalarCount
        if columns == 2 * width { return (load(bias + column0), load(bias + column0 + width)) }
        if columns > width { return (load(bias + column0), loadPart(bias + column0 + width, columns - width)) }
        return (loadPart(bias + column0, columns), Vector())
    }

    /// The first `count` (≤ 16) floats at `source` in the low lanes of a vector, zeros above, by one copy into the
    /// vector's bytes (setting lanes one by one at a run-time index spilled the vector for every lane). Not inlined,
    /// like `storePart`.
    @inline(never)
    private static func loadPart(_ source: UnsafePointer<Float>, _ count: Int) -> Vector {
        var result = Vector()
        withUnsafeMutableBytes(of: &result) { $0.baseAddress!.copyMemory(from: source, byteCount: count * MemoryLayout<Float>.stride) }
        return result
    }

    /// Writes (or adds) the first `columns` of the 2-vector row `low, high` at `target`: whole vectors where they fit,
    /// pieces (`storePart`) for the columns past the last whole vector.
    @inline(__always)
    private static func store(_ target: UnsafeMutablePointer<Float>, _ low: Vector, _ high: Vector, _ columns: Int, _ overwrite: Bool) {
        let width = Vector.scalarCount
        if columns >= width {
            save(overwrite ? low : load(target) + low, target)
            if columns == 2 * width {
                save(overwrite ? high : load(target + width) + high, target + width)
            } else {
                storePart(target + width, high, columns - width, overwrite)
            }
        } else {
            storePart(target, low, columns, overwrite)
        }
    }

    /// Writes (or adds) the first `count` (< 16) lanes of `v` at `target` as at most four stores of 8, 4, 2 and 1 lanes:
    /// reading lanes one by one at a run-time index spills the vector and cost ~5 cycles per element, which made
    /// products with narrow results (n = 1…16 columns) several times slower than their arithmetic. Not inlined: taking
    /// vector halves inside a tile makes the compiler keep its accumulators as pairs of halves in the inner loop.
    @inline(never)
    private static func storePart(_ target: UnsafeMutablePointer<Float>, _ v: Vector, _ count: Int, _ overwrite: Bool) {
        let p = UnsafeMutableRawPointer(target)
        var offset = 0
        var rest8 = v.lowHalf
        if count & 8 != 0 {
            p.storeBytes(of: overwrite ? v.lowHalf : p.loadUnaligned(as: SIMD8<Float>.self) + v.lowHalf, as: SIMD8<Float>.self)
            rest8 = v.highHalf
            offset = 32
        }
        var rest4 = rest8.lowHalf
        if count & 4 != 0 {
            let q = p + offset
            q.storeBytes(of: overwrite ? rest8.lowHalf : q.loadUnaligned(as: SIMD4<Float>.self) + rest8.lowHalf, as: SIMD4<Float>.self)
            rest4 = rest8.highHalf
            offset += 16
        }
        var rest2 = rest4.lowHalf
        if count & 2 != 0 {
            let q = p + offset
            q.storeBytes(of: overwrite ? rest4.lowHalf : q.loadUnaligned(as: SIMD2<Float>.self) + rest4.lowHalf, as: SIMD2<Float>.self)
            rest2 = rest4.highHalf
            offset += 8
        }
        if count & 1 != 0 {
            let q = p + offset
            q.storeBytes(of: overwrite ? rest2[0] : q.load(as: Float.self) + rest2[0], as: Float.self)
        }
    }

    @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    @inline(__always) private static func save(_ v: Vector, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self) }
}
#endif
