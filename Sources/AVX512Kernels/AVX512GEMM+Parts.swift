#if arch(x86_64)
// MARK: - One product split into parts that write disjoint blocks of C, for several threads

extension AVX512GEMM {
    /// How a product `multiply(part:of:…)` computes is divided into `count` parts: ranges of C's rows (op(A) with many
    /// rows, or a single column panel) or of its 32-column panels (few rows), each computed by an independent `blocked`
    /// call with its own packing scratch. Every choice that decides an element's additions — the depth blocks, the
    /// (Bᵀ·A)ᵀ route — is made once from the whole product's shape, so C is bit for bit the same for every `count`
    /// (the serial `multiply` is the one-part case). On the (Bᵀ·A)ᵀ route a part computes a range of Bᵀ·A's columns
    /// into the shared scratch and transposes exactly those into its own rows of C.
    package struct Partition: Sendable, Equatable {
        /// The number of parts (1 ≤ count ≤ the parts asked for).
        package let count: Int
        /// Floats of scratch the parts share (the n × m product Bᵀ·A on the (Bᵀ·A)ᵀ route, else none).
        package let sharedScratchCount: Int
        /// Floats of packing scratch each part needs, its own.
        package let partScratchCount: Int
        /// Whether Aᵀ·B is computed as (Bᵀ·A)ᵀ (`transposesProduct`).
        let transposed: Bool
        /// Whether the parts are ranges of rows of the product they divide (else ranges of columns).
        let byRows: Bool
        /// Rows or columns per part (the last part may have fewer).
        let step: Int
        /// The whole product's depth block and the rows of op(A) its layout was chosen for.
        let depth: Int
        let layoutRows: Int
    }

    /// Rows per part when splitting by rows: whole 12-row tiles and 8-row wide tiles.
    static let rowUnit = 24

    /// The division of the m × n product op(A)·op(B) into at most `parts` parts of equal size (whole tiles), as few as
    /// that takes; `parts` 1 gives the serial layout.
    package static func partition(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, parts: Int) -> Partition {
        let transposed = transposesProduct(m: m, n: n, transposeA: transposeA, transposeB: transposeB)
        // The product the parts divide: on the (Bᵀ·A)ᵀ route Bᵀ·A, n × m, Bᵀ its transposed left operand.
        let rows = transposed ? n : m, columns = transposed ? m : n
        let leftTransposed = transposed || transposeA, rightTransposed = transposed ? false : transposeB
        let depth = depthBlockSize(k, m: rows)
        // Few rows: whole column panels, each of B's panels packed (or read) by one part only. Otherwise, or with a single
        // panel (or the 8×48 tile's 48 columns), whole row tiles.
        let byRows = !fewRows(rows) || columns <= wideWidth
        let unit = byRows ? rowUnit : panelWidth
        let extent = byRows ? rows : columns
        let units = (extent + unit - 1) / unit
        let wanted = max(1, min(parts, units))
        let step = (units + wanted - 1) / wanted * unit
        let count = (extent + step - 1) / step
        let partScratch = blockedScratchCount(m: byRows ? min(step, rows) : rows, n: byRows ? columns : min(step, columns),
                                              transposeA: leftTransposed, transposeB: rightTransposed, depth: depth, layoutRows: rows)
        return Partition(count: count, sharedScratchCount: transposed ? n * m : 0, partScratchCount: partScratch,
                         transposed: transposed, byRows: byRows, step: step, depth: depth, layoutRows: rows)
    }

    /// Part `part` of `multiply` as divided by `partition` (made for the same m, n, k and transposes): writes only its own
    /// block of C. `shared` holds `partition.sharedScratchCount` floats, the same buffer for every part; `scratch`
    /// `partition.partScratchCount` floats, this part's own. Parts may run concurrently.
    /// - Precondition: as `multiply`, and `part < partition.count`.
    @inline(never)
    package static func multiply(part: Int, of partition: Partition, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, bias: UnsafePointer<Float>? = nil,
                                tanh: Bool = false, shared: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let first = part * partition.step
        if partition.transposed {
            // Columns first..<first + count of Bᵀ·A (rows m apart in `shared`) are rows of C.
            let count = min(partition.step, m - first)
            let product = shared + first
            blocked(transposeA: true, transposeB: false, m: n, n: count, k: k, a: b, lda: ldb, b: a + first, ldb: lda, c: product, ldc: m,
                    accumulate: false, bias: nil, tanh: false, depth: partition.depth, layoutRows: partition.layoutRows, scratch: scratch)
            transpose(product, ldp: m, m: count, n: n, into: c + first * ldc, ldc: ldc, accumulate: accumulate, bias: bias)
            if tanh { applyTanh(c + first * ldc, rows: count, columns: n, ldc: ldc) }
        } else if partition.byRows {
            let count = min(partition.step, m - first)
            blocked(transposeA: transposeA, transposeB: transposeB, m: count, n: n, k: k, a: a + (transposeA ? first : first * lda), lda: lda,
                    b: b, ldb: ldb, c: c + first * ldc, ldc: ldc, accumulate: accumulate, bias: bias, tanh: tanh,
                    depth: partition.depth, layoutRows: partition.layoutRows, scratch: scratch)
        } else {
            let count = min(partition.step, n - first)
            blocked(transposeA: transposeA, transposeB: transposeB, m: m, n: count, k: k, a: a, lda: lda,
                    b: b + (transposeB ? first * ldb : first), ldb: ldb, c: c + first, ldc: ldc, accumulate: accumulate,
                    bias: bias.map { $0 + first }, tanh: tanh, depth: partition.depth, layoutRows: partition.layoutRows, scratch: scratch)
        }
    }
}
#endif
