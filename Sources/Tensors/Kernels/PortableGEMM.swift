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
/// Layout (BLIS-style, simplified): B is packed into 16-column panels per block of up to 512 rows of the inner
/// dimension, then a 6×16 register tile (12 `SIMD8<Float>` accumulators) sweeps each panel, reading op(A)
/// in place; A's last rows (fewer than 6) are packed with zeros so the same tile serves them.
enum PortableGEMM {
    private typealias Vector = SIMD8<Float>
    private static let panelWidth = 16
    private static let tileRows = 6
    private static let depthBlock = 512

    /// C ← op(A)·op(B) (+ C when `accumulate`), row-major, op = transpose when the flag is set.
    /// - Precondition: m, n, k ≥ 1.
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        let panels = (n + panelWidth - 1) / panelWidth
        let depth = min(depthBlock, k)
        let packedCount = panels * panelWidth * depth + tileRows * depth
        let scratch = BufferPool.shared.checkout(byteCount: packedCount * MemoryLayout<Float>.stride)
        defer { BufferPool.shared.recycle(scratch, byteCount: packedCount * MemoryLayout<Float>.stride) }
        let packed = scratch.assumingMemoryBound(to: Float.self)
        let tail = packed + panels * panelWidth * depth
        // Element (i, p) of op(A) is a[i * rowStride + p * columnStride].
        let rowStride = transposeA ? 1 : lda, columnStride = transposeA ? lda : 1
        var k0 = 0
        var overwrite = !accumulate
        while k0 < k {
            let kc = min(depthBlock, k - k0)
            packB(transposeB: transposeB, b: b, ldb: ldb, k0: k0, kc: kc, n: n, into: packed)
            var i = 0
            while i + tileRows <= m {
                let block = a + i * rowStride + k0 * columnStride
                for j in 0..<panels {
                    tile(block, rowStride, columnStride, packed + j * kc * panelWidth, kc,
                         c + i * ldc + j * panelWidth, ldc, rows: tileRows, columns: min(panelWidth, n - j * panelWidth), overwrite: overwrite)
                }
                i += tileRows
            }
            if i < m {
                let rows = m - i
                for p in 0..<kc {
                    for r in 0..<tileRows { tail[p * tileRows + r] = r < rows ? a[(i + r) * rowStride + (k0 + p) * columnStride] : 0 }
                }
                for j in 0..<panels {
                    tile(tail, 1, tileRows, packed + j * kc * panelWidth, kc,
                         c + i * ldc + j * panelWidth, ldc, rows: rows, columns: min(panelWidth, n - j * panelWidth), overwrite: overwrite)
                }
            }
            overwrite = false
            k0 += kc
        }
    }

    /// Rows k0..<k0+kc of op(B) as panels `[panel][p][16]`, the last panel padded with zeros.
    private static func packB(transposeB: Bool, b: UnsafePointer<Float>, ldb: Int, k0: Int, kc: Int, n: Int,
                              into packed: UnsafeMutablePointer<Float>) {
        let panels = (n + panelWidth - 1) / panelWidth
        for j in 0..<panels {
            let panel = packed + j * kc * panelWidth
            let columns = min(panelWidth, n - j * panelWidth)
            if transposeB {
                // op(B)[p, col] = b[col * ldb + p]: walk each source row (one output column) contiguously.
                for column in 0..<columns {
                    let source = b + (j * panelWidth + column) * ldb + k0
                    for p in 0..<kc { panel[p * panelWidth + column] = source[p] }
                }
                if columns < panelWidth {
                    for p in 0..<kc { for column in columns..<panelWidth { panel[p * panelWidth + column] = 0 } }
                }
            } else {
                for p in 0..<kc {
                    let source = b + (k0 + p) * ldb + j * panelWidth, row = panel + p * panelWidth
                    for column in 0..<columns { row[column] = source[column] }
                    for column in columns..<panelWidth { row[column] = 0 }
                }
            }
        }
    }

    /// The 6×16 register tile: C[0..<rows, 0..<columns] (=|+=) Σ_p A[r, p] · panel[p, 0..<16].
    @inline(__always)
    private static func tile(_ a: UnsafePointer<Float>, _ rowStride: Int, _ columnStride: Int, _ panel: UnsafePointer<Float>, _ kc: Int,
                             _ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, columns: Int, overwrite: Bool) {
        var c00 = Vector(), c01 = Vector(), c10 = Vector(), c11 = Vector(), c20 = Vector(), c21 = Vector()
        var c30 = Vector(), c31 = Vector(), c40 = Vector(), c41 = Vector(), c50 = Vector(), c51 = Vector()
        var pa = a, pb = panel
        let r1 = rowStride, r2 = 2 * rowStride, r3 = 3 * rowStride, r4 = 4 * rowStride, r5 = 5 * rowStride
        for _ in 0..<kc {
            let b0 = load(pb), b1 = load(pb + 8)
            var x = Vector(repeating: pa[0]); c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = Vector(repeating: pa[r1]); c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = Vector(repeating: pa[r2]); c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = Vector(repeating: pa[r3]); c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = Vector(repeating: pa[r4]); c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = Vector(repeating: pa[r5]); c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            pa += columnStride
            pb += panelWidth
        }
        store(c, c00, c01, columns, overwrite)
        if rows > 1 { store(c + ldc, c10, c11, columns, overwrite) }
        if rows > 2 { store(c + 2 * ldc, c20, c21, columns, overwrite) }
        if rows > 3 { store(c + 3 * ldc, c30, c31, columns, overwrite) }
        if rows > 4 { store(c + 4 * ldc, c40, c41, columns, overwrite) }
        if rows > 5 { store(c + 5 * ldc, c50, c51, columns, overwrite) }
    }

    @inline(__always)
    private static func store(_ target: UnsafeMutablePointer<Float>, _ low: Vector, _ high: Vector, _ columns: Int, _ overwrite: Bool) {
        if columns == panelWidth {
            if overwrite {
                save(low, target)
                save(high, target + 8)
            } else {
                save(load(target) + low, target)
                save(load(target + 8) + high, target + 8)
            }
        } else {
            for column in 0..<columns {
                let value = column < 8 ? low[column] : high[column - 8]
                target[column] = overwrite ? value : target[column] + value
            }
        }
    }

    @inline(__always) private static func load(_ p: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    @inline(__always) private static func load(_ p: UnsafeMutablePointer<Float>) -> Vector { UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    @inline(__always) private static func save(_ v: Vector, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self) }
}
