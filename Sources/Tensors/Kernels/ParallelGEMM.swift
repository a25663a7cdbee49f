/// This package's own matrix kernels (`PortableGEMM`, `AVX512GEMM`) on several threads: a product is split into parts
/// that write disjoint blocks of C — ranges of rows, or of column panels when op(A) has few rows — and the parts run on
/// a `WorkerPool`, each packing op(B) into its own scratch buffer. No part adds to another's outputs and each
/// element's additions are those of the serial kernel (the same depth blocks, in the same order), so C is bit for bit
/// the same for every thread count, as for OpenBLAS' own threaded products.
enum ParallelGEMM {
    /// Multiply-adds a part must have to be worth a thread: a region costs the caller ~1–2 µs (waking the helpers,
    /// packing B again per part), the time of about 2¹⁷ multiply-adds on one core.
    static let minimumPartWork = 1 << 17

    /// The parts worth splitting an m × n × k product into on `threads` threads.
    static func partsWanted(m: Int, n: Int, k: Int, threads: Int) -> Int {
        guard threads > 1 else { return 1 }
        return max(1, min(threads, m * n * k / minimumPartWork))
    }

    /// C ← op(A)·op(B) (+ C when accumulating; + `bias` in every row; then tanh) on `kernel`, split over `pool`'s
    /// threads. - Precondition: `kernel` is one of this package's (not `.openBLAS`), m, n, k ≥ 1, and the CPU runs it.
    static func multiply(kernel: BLAS.MatrixKernel, pool: WorkerPool, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                         accumulate: Bool, bias: UnsafePointer<Float>?, tanh: Bool) {
        let parts = partsWanted(m: m, n: n, k: k, threads: pool.threadCount)
        if kernel == .ownAVX512 {
            let partition = AVX512GEMM.partition(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, parts: parts)
            let floatSize = MemoryLayout<Float>.stride
            if partition.count == 1 {
                // One buffer for the shared and the part's scratch, as the serial kernel has always used.
                let byteCount = BLAS.scratchByteCount((partition.sharedScratchCount + partition.partScratchCount) * floatSize)
                let scratch = BufferPool.shared.checkout(byteCount: byteCount).assumingMemoryBound(to: Float.self)
                defer { BufferPool.shared.recycle(scratch, byteCount: byteCount) }
                AVX512GEMM.multiply(part: 0, of: partition, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda,
                                    b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh,
                                    shared: scratch, scratch: scratch + partition.sharedScratchCount)
                return
            }
            let sharedBytes = Swift.max(partition.sharedScratchCount * floatSize, floatSize)
            let shared = BufferPool.shared.checkout(byteCount: sharedBytes).assumingMemoryBound(to: Float.self)
            defer { BufferPool.shared.recycle(shared, byteCount: sharedBytes) }
            // Each part is timed on the thread that runs it (the caller's own parts are inside its timed product).
            pool.run(parts: partition.count) { part in ProductClock.timing {
                withScratch(floats: partition.partScratchCount) { scratch in
                    AVX512GEMM.multiply(part: part, of: partition, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda,
                                        b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh,
                                        shared: shared, scratch: scratch)
                }
            } }
            return
        }
        let split = PortableSplit(m: m, n: n, parts: parts)
        pool.run(parts: split.count) { part in ProductClock.timing {
            let (rows, columns) = split.block(part)
            let a = a + (transposeA ? rows.lowerBound : rows.lowerBound * lda)
            let b = b + (transposeB ? columns.lowerBound * ldb : columns.lowerBound)
            let c = c + rows.lowerBound * ldc + columns.lowerBound
            PortableGEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: rows.count, n: columns.count, k: k, a: a, lda: lda,
                                  b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate, bias: bias.map { $0 + columns.lowerBound })
            if tanh {
                for row in 0..<rows.count { VectorMath.tanh(c + row * ldc, c + row * ldc, count: columns.count) }
            }
        } }
    }
}

extension ParallelGEMM {
    /// Runs `body` with a pooled scratch buffer of at least `floats` floats (`BLAS.scratchByteCount`).
    static func withScratch(floats: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) {
        let byteCount = BLAS.scratchByteCount(floats * MemoryLayout<Float>.stride)
        let scratch = BufferPool.shared.checkout(byteCount: byteCount).assumingMemoryBound(to: Float.self)
        defer { BufferPool.shared.recycle(scratch, byteCount: byteCount) }
        body(scratch)
    }

    /// C ← op(A)·op(B) (+ C when accumulating; + `bias` in every row; then tanh) with bf16 operands and float32 sums
    /// (`BF16GEMM`), split over `pool`'s threads into parts of whole row or column blocks: the same C for every thread
    /// count. - Precondition: m, n, k ≥ 1.
    static func multiplyBF16(pool: WorkerPool, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                             accumulate: Bool, bias: UnsafePointer<Float>?, tanh: Bool) {
        let partition = BF16GEMM.partition(m: m, n: n, k: k, parts: partsWanted(m: m, n: n, k: k, threads: pool.threadCount))
        pool.run(parts: partition.count) { part in ProductClock.timing {
            withScratch(floats: partition.partScratchCount) { scratch in
                BF16GEMM.multiply(part: part, of: partition, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda,
                                  b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh, scratch: scratch)
            }
        } }
    }
}

/// `PortableGEMM`'s products split into blocks of whole 6-row tiles (many rows) or whole 16-column panels. Its depth
/// blocks do not depend on the shape, so every block's elements get the serial kernel's additions.
struct PortableSplit {
    let count: Int
    let byRows: Bool
    let step: Int
    let m: Int, n: Int

    init(m: Int, n: Int, parts: Int) {
        self.m = m
        self.n = n
        byRows = m >= 96 || n <= 16
        let unit = byRows ? 6 : 16, extent = byRows ? m : n
        let units = (extent + unit - 1) / unit
        let wanted = Swift.max(1, Swift.min(parts, units))
        step = (units + wanted - 1) / wanted * unit
        count = (extent + step - 1) / step
    }

    /// The rows and columns of C that part `part` writes.
    func block(_ part: Int) -> (rows: Range<Int>, columns: Range<Int>) {
        let first = part * step
        return byRows ? (first..<Swift.min(m, first + step), 0..<n) : (0..<m, first..<Swift.min(n, first + step))
    }
}
