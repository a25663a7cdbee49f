#if arch(x86_64)
import CPrefetch

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
package enum AVX512GEMM {
    typealias Vector = SIMD16<Float>
    static let lanes = 16
    static let panelWidth = 32
    static let tileRows = 12
    static let wideWidth = 48
    static let wideRows = 8

    /// Floats of scratch `multiply` needs for an m×n result with inner extent k: op(B)'s column panels packed for one
    /// depth block (only the last, partial one when B is read in place; one 48-wide panel for the 8×48 tile), and
    /// op(A)'s depth block when it is packed; on the (Bᵀ·A)ᵀ route, the n × m product before those of Bᵀ·A.
    package static func scratchCount(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> Int {
        let whole = partition(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, parts: 1)
        return whole.sharedScratchCount + whole.partScratchCount
    }

    /// The scratch of one `blocked` call on an m × n block of a product whose depth blocks are `depth` deep and whose
    /// layout was chosen for `layoutRows` rows of op(A) (the whole product's, when this block is one part of it).
    static func blockedScratchCount(m: Int, n: Int, transposeA: Bool, transposeB: Bool, depth: Int, layoutRows: Int) -> Int {
        let panels = packsB(m: layoutRows, transposeB: transposeB) ? (n + panelWidth - 1) / panelWidth : (n % panelWidth > 0 ? 1 : 0)
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
    package static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Float>? = nil,
                                tanh: Bool = false, scratch: UnsafeMutablePointer<Float>) {
        let whole = partition(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, parts: 1)
        multiply(part: 0, of: whole, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                 c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh, shared: scratch, scratch: scratch + whole.sharedScratchCount)
    }

    /// C[r, 0..<columns] ← tanh(C[r, 0..<columns]) for `rows` rows `ldc` apart (as one run when they are contiguous:
    /// narrow rows, 50 floats in the 2-D flows, would otherwise each end in a partial vector).
    static func applyTanh(_ c: UnsafeMutablePointer<Float>, rows: Int, columns: Int, ldc: Int) {
        if ldc == columns { return AVX512Math.tanh(c, c, count: rows * columns) }
        for r in 0..<rows { AVX512Math.tanh(c + r * ldc, c + r * ldc, count: columns) }
    }

    /// Hints the 32 columns at `panel` of `rows` rows `ldb` apart into L2: the next panel of a B read in place, asked for
    /// while all row blocks run against the current one. The hardware prefetchers follow 128 bytes per row poorly,
    /// and B is often not in cache (in a training step, the weight gradient's B is an activation from the forward
    /// pass). Lab, B evicted: 20·512·1000 TN 42–54 → 59–67 GFLOP/s, 32·128·1000 TN 51–59 → 59–66; in cache no loss.
    /// Prefetching inside the tile instead made LLVM keep the accumulators in memory (three times slower).
    static func prefetchPanel(_ panel: UnsafePointer<Float>, _ ldb: Int, rows: Int) {
        var row = panel
        for _ in 0..<rows {
            lgf_prefetch_l2(row)
            lgf_prefetch_l2(row + lanes)
            row += ldb
        }
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

    /// C[i, j] (=|+=) p[j · ldp + i] (+ bias[j]) for i < m, j < n: C is the transpose of the n × m product p (rows ldp apart).
    static func transpose(_ p: UnsafePointer<Float>, ldp: Int, m: Int, n: Int, into c: UnsafeMutablePointer<Float>, ldc: Int,
                          accumulate: Bool, bias: UnsafePointer<Float>?) {
        // 16 rows of C at a time: the rows of C written and the n runs of 16 floats of p read stay in L1.
        var i0 = 0
        while i0 < m {
            let rows = min(16, m - i0)
            for j in 0..<n {
                let source = p + j * ldp + i0, addend = bias?[j] ?? 0
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
    static func wideBlocked(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Float>?,
                                    tanh: Bool, depth: Int, scratch: UnsafeMutablePointer<Float>) {
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

    /// `multiply` by depth blocks, row blocks and column panels (the layout described on the type), with depth blocks
    /// `depth` deep and the layout chosen for `layoutRows` rows of op(A): the whole product's, when this m × n block is one
    /// part of it (`Partition`), so that every element of C sees the same additions whatever the split.
    static func blocked(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Float>?,
                        tanh: Bool, depth: Int, layoutRows: Int, scratch: UnsafeMutablePointer<Float>) {
        if usesWideTile(n: n, lda: lda, transposeA: transposeA) {
            wideBlocked(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                        accumulate: accumulate, bias: bias, tanh: tanh, depth: depth, scratch: scratch)
            return
        }
        let fullPanels = n / panelWidth, lastColumns = n - fullPanels * panelWidth
        let panelCount = fullPanels + (lastColumns > 0 ? 1 : 0)
        // A last partial panel that the half-width tile serves is packed half as wide.
        let lastWidth = lastColumns > lanes ? panelWidth : lanes
        let rowBlocks = (m + tileRows - 1) / tileRows
        let packB = packsB(m: layoutRows, transposeB: transposeB), packA = packsA(lda: lda, transposeA: transposeA)
        let packedA = scratch + (packB ? panelCount : (lastColumns > 0 ? 1 : 0)) * panelWidth * depth
        // Panels inner: op(A)'s row block stays in L1 while op(B)'s panels stream past it. Row blocks inner (few rows):
        // each panel of B is fetched once for all of op(A)'s rows.
        let panelsInner = !fewRows(layoutRows)
        // op(A) in place: rows lda apart (A plain) or 1 apart (A transposed); packed: 1 apart, depths 12 apart.
        let rowStride = packA || transposeA ? 1 : lda, columnStride = packA ? tileRows : transposeA ? lda : 1
        var k0 = 0
        var overwrite = !accumulate
        while k0 < k {
            let kc = min(depth, k - k0)
            // op(B)'s panels, packed contiguously ([p][32]) so that the tile reads each as one stream; in place, only
            // the last partial one, zero-padded to its width. Plain B's whole panels are copied in one pass over its rows.
            if packB && !transposeB { packPlainPanels(b, ldb, k0: k0, kc: kc, panels: fullPanels, into: scratch) }
            for j in 0..<panelCount where transposeB || j == fullPanels {
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
                if inPlace && rowBlock == 0 && j + 1 < fullPanels { prefetchPanel(source + panelWidth, ldb, rows: kc) }
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
}
#endif
