/// A single-threaded float32 matrix product in Swift (AVX2 + FMA code with `-target-cpu haswell`), used in
/// place of OpenBLAS when OpenBLAS runs one of its pre-AVX2 kernel families.
///
/// Why: OpenBLAS picks its kernels from the CPU model at load time. A CPU it does not know (0.3.21 does not
/// know Intel's Sapphire/Emerald Rapids, for instance) gets the generic SSE3 "Prescott" kernels, 5–6× slower
/// than its AVX-512 ones, unless `OPENBLAS_CORETYPE` names a family. This package is compiled for AVX2 + FMA,
/// so any CPU running it can do better: this kernel reaches 2–3× the Prescott kernels on the shapes flows use
/// (1000·50·50: ~55 GFLOP/s against ~22; 1000·512·512: ~75 against ~29, one core), though not the AVX-512
/// kernels a correctly detected OpenBLAS uses (~120).
///
/// Layout (BLIS-style, simplified): per block of up to 512 steps of the inner dimension, a 6×16 register tile
/// (12 `SIMD8<Float>` accumulators) sweeps 16-column panels of op(B), reading op(A) in place. A plain B is read
/// in place too; a transposed B (the forward x·Wᵀ) and the last partial panel are packed, zero-padded, and a
/// last panel of at most 8 columns gets a 6×8 tile (packed 8 wide). When fewer than 6 rows of A are left, the
/// tile's missing rows re-read row 0 and are not stored, so A is never copied.
enum PortableGEMM {
    private typealias Vector = SIMD8<Float>
    private static let panelWidth = 16
    private static let tileRows = 6
    private static let depthBlock = 512

    /// C ← op(A)·op(B) (+ C when `accumulate`; + `bias`, a row of n values added to every row, when given), row-major,
    /// op = transpose when the flag is set. The bias seeds the accumulators, so C is written once and never read.
    /// - Precondition: m, n, k ≥ 1, and not both `accumulate` and `bias`.
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Float>? = nil) {
        let fullPanels = n / panelWidth, lastColumns = n - fullPanels * panelWidth
        // op(B) = B is read in place, 16 columns at a time with stride ldb; only a transposed B, and the last
        // partial panel, are packed (zero-padded).
        let packedPanels = transposeB ? fullPanels + (lastColumns > 0 ? 1 : 0) : (lastColumns > 0 ? 1 : 0)
        let depth = min(depthBlock, k)
        let packedCount = packedPanels * panelWidth * depth
        let scratch = BufferPool.shared.checkout(byteCount: packedCount * MemoryLayout<Float>.stride)
        defer { BufferPool.shared.recycle(scratch, byteCount: packedCount * MemoryLayout<Float>.stride) }
        let packed = scratch.assumingMemoryBound(to: Float.self)
        // Element (i, p) of op(A) is a[i * rowStride + p * columnStride].
        let rowStride = transposeA ? 1 : lda, columnStride = transposeA ? lda : 1
        var k0 = 0
        var overwrite = !accumulate
        while k0 < k {
            let kc = min(depthBlock, k - k0)
            // A last partial panel that the half-width tile serves is packed half as wide.
            let lastWidth = lastColumns > Vector.scalarCount ? panelWidth : Vector.scalarCount
            if transposeB {
                for j in 0..<packedPanels {
                    let columns = min(panelWidth, n - j * panelWidth)
                    packTransposed(b, ldb, k0: k0, kc: kc, column0: j * panelWidth, columns: columns,
                                   width: j < fullPanels ? panelWidth : lastWidth, into: packed + j * kc * panelWidth)
                }
            } else if lastColumns > 0 {
                packPlain(b, ldb, k0: k0, kc: kc, column0: fullPanels * panelWidth, columns: lastColumns, width: lastWidth, into: packed)
            }
            // Panel j: its first element and the stride between its rows.
            func panel(_ j: Int) -> (UnsafePointer<Float>, Int) {
                if j < fullPanels {
                    return transposeB ? (UnsafePointer(packed + j * kc * panelWidth), panelWidth) : (b + k0 * ldb + j * panelWidth, ldb)
                }
                return (UnsafePointer(transposeB ? packed + j * kc * panelWidth : packed), lastWidth)
            }
            let panelCount = fullPanels + (lastColumns > 0 ? 1 : 0)
            var i = 0
            while i < m {
                let rows = min(tileRows, m - i)
                let block = a + i * rowStride + k0 * columnStride
                for j in 0..<panelCount {
                    let (source, stride) = panel(j)
                    let columns = min(panelWidth, n - j * panelWidth)
                    let initial = k0 == 0 ? seed(bias, column0: j * panelWidth, columns: columns) : (Vector(), Vector())
                    if columns > Vector.scalarCount {
                        tile(block, rowStride, columnStride, source, stride, kc, c + i * ldc + j * panelWidth, ldc,
                             rows: rows, columns: columns, initial: initial, overwrite: overwrite)
                    } else {
                        narrowTile(block, rowStride, columnStride, source, stride, kc, c + i * ldc + j * panelWidth, ldc,
                                   rows: rows, columns: columns, initial: initial.0, overwrite: overwrite)
                    }
                }
                i += rows
            }
            overwrite = false
            k0 += kc
        }
    }

    /// op(B)[k0 + p, column0 + col] = b[(column0 + col) * ldb + k0 + p] into `[p][16]`, zero-padded.
    private static func packTransposed(_ b: UnsafePointer<Float>, _ ldb: Int, k0: Int, kc: Int, column0: Int, columns: Int,
                                       width: Int, into panel: UnsafeMutablePointer<Float>) {
        if columns < width { clear(panel, count: kc * width) }
        for column in 0..<columns {
            let source = b + (column0 + column) * ldb + k0
            for p in 0..<kc { panel[p * width + column] = source[p] }
        }
    }

    /// B[k0 + p, column0 + col] into `[p][16]`, zero-padded.
    private static func packPlain(_ b: UnsafePointer<Float>, _ ldb: Int, k0: Int, kc: Int, column0: Int, columns: Int,
                                  width: Int, into panel: UnsafeMutablePointer<Float>) {
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

    /// The 6×16 register tile: C[0..<rows, 0..<columns] (=|+=) Σ_p A[r, p] · panel[p, 0..<16], panel rows `panelStride` apart.
    @inline(__always)
    private static func tile(_ a: UnsafePointer<Float>, _ rowStride: Int, _ columnStride: Int, _ panel: UnsafePointer<Float>, _ panelStride: Int,
                             _ kc: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, columns: Int, initial: (Vector, Vector),
                             overwrite: Bool) {
        let (low, high) = initial
        var c00 = low, c01 = high, c10 = low, c11 = high, c20 = low, c21 = high
        var c30 = low, c31 = high, c40 = low, c41 = high, c50 = low, c51 = high
        var pa = a, pb = panel
        // Missing rows (fewer than 6 left) re-read row 0: computed but never stored, so A needs no padding.
        let r1 = rows > 1 ? rowStride : 0, r2 = rows > 2 ? 2 * rowStride : 0, r3 = rows > 3 ? 3 * rowStride : 0
        let r4 = rows > 4 ? 4 * rowStride : 0, r5 = rows > 5 ? 5 * rowStride : 0
        for _ in 0..<kc {
            let b0 = load(pb), b1 = load(pb + 8)
            var x = Vector(repeating: pa[0]); c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = Vector(repeating: pa[r1]); c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = Vector(repeating: pa[r2]); c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = Vector(repeating: pa[r3]); c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = Vector(repeating: pa[r4]); c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = Vector(repeating: pa[r5]); c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            pa += columnStride
            pb += panelStride
        }
        store(c, c00, c01, columns, overwrite)
        if rows > 1 { store(c + ldc, c10, c11, columns, overwrite) }
        if rows > 2 { store(c + 2 * ldc, c20, c21, columns, overwrite) }
        if rows > 3 { store(c + 3 * ldc, c30, c31, columns, overwrite) }
        if rows > 4 { store(c + 4 * ldc, c40, c41, columns, overwrite) }
        if rows > 5 { store(c + 5 * ldc, c50, c51, columns, overwrite) }
    }

    /// The 6×8 register tile for a last panel of at most 8 columns (half the work of a 16-wide tile).
    /// Deliberately repeats the pattern of `AVX512GEMM.narrowTile` (and `store` that of `AVX512GEMM.store`): that
    /// module is compiled for AVX-512, this one for AVX2, so they cannot share the unrolled code.
    @inline(__always)
    private static func narrowTile(_ a: UnsafePointer<Float>, _ rowStride: Int, _ columnStride: Int, _ panel: UnsafePointer<Float>, _ panelStride: Int,
                                   _ kc: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, columns: Int, initial: Vector,
                                   overwrite: Bool) {
        var c0 = initial, c1 = initial, c2 = initial, c3 = initial, c4 = initial, c5 = initial
        var pa = a, pb = panel
        // Missing rows (fewer than 6 left) re-read row 0: computed but never stored, so A needs no padding.
        let r1 = rows > 1 ? rowStride : 0, r2 = rows > 2 ? 2 * rowStride : 0, r3 = rows > 3 ? 3 * rowStride : 0
        let r4 = rows > 4 ? 4 * rowStride : 0, r5 = rows > 5 ? 5 * rowStride : 0
        for _ in 0..<kc {
            let b0 = load(pb)
            c0 = c0.addingProduct(Vector(repeating: pa[0]), b0)
            c1 = c1.addingProduct(Vector(repeating: pa[r1]), b0)
            c2 = c2.addingProduct(Vector(repeating: pa[r2]), b0)
            c3 = c3.addingProduct(Vector(repeating: pa[r3]), b0)
            c4 = c4.addingProduct(Vector(repeating: pa[r4]), b0)
            c5 = c5.addingProduct(Vector(repeating: pa[r5]), b0)
            pa += columnStride
            pb += panelStride
        }
        let zero = Vector()
        store(c, c0, zero, columns, overwrite)
        if rows > 1 { store(c + ldc, c1, zero, columns, overwrite) }
        if rows > 2 { store(c + 2 * ldc, c2, zero, columns, overwrite) }
        if rows > 3 { store(c + 3 * ldc, c3, zero, columns, overwrite) }
        if rows > 4 { store(c + 4 * ldc, c4, zero, columns, overwrite) }
        if rows > 5 { store(c + 5 * ldc, c5, zero, columns, overwrite) }
    }

    /// The accumulators' starting values for the panel at `column0`: the bias columns (zero-padded), or zero.
    @inline(__always)
    private static func seed(_ bias: UnsafePointer<Float>?, column0: Int, columns: Int) -> (Vector, Vector) {
        guard let bias else { return (Vector(), Vector()) }
        let width = Vector.scalarCount
        if columns == 2 * width { return (load(bias + column0), load(bias + column0 + width)) }
        var low = Vector(), high = Vector()
        for column in 0..<columns {
            if column < width { low[column] = bias[column0 + column] } else { high[column - width] = bias[column0 + column] }
        }
        return (low, high)
    }

    /// Writes (or adds) the first `columns` of the 2-vector row `low, high` at `target`: whole vectors where they fit,
    /// single elements only for the columns past the last whole vector.
    @inline(__always)
    private static func store(_ target: UnsafeMutablePointer<Float>, _ low: Vector, _ high: Vector, _ columns: Int, _ overwrite: Bool) {
        let width = Vector.scalarCount
        if columns >= width {
            save(overwrite ? low : load(target) + low, target)
            if columns == 2 * width {
                save(overwrite ? high : load(target + width) + high, target + width)
            } else {
                for column in width..<columns { target[column] = overwrite ? high[column - width] : target[column] + high[column - width] }
            }
        } else {
            for column in 0..<columns { target[column] = overwrite ? low[column] : target[column] + low[column] }
        }
    }

    @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    @inline(__always) private static func save(_ v: Vector, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self) }
}
