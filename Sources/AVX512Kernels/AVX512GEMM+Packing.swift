#if arch(x86_64)
// MARK: - Copying op(A) and op(B) into the layouts the tiles read (see `AVX512GEMM`)
extension AVX512GEMM {
    /// op(A)[i, k0 + p] = a[(k0 + p) * lda + i] (A transposed), row block r = i / 12 into `[r][p][12]`, reading A row
    /// after row (a 12-row block at a time took 12 floats from each of kc rows: as slow as the product for n ≤ 43);
    /// the rows past m in the last block are zero.
    static func packRows(_ a: UnsafePointer<Float>, _ lda: Int, k0: Int, kc: Int, m: Int,
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
    static func packTransposed(_ b: UnsafePointer<Float>, _ ldb: Int, k0: Int, kc: Int, column0: Int, columns: Int,
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
    static func packPlain(_ b: UnsafePointer<Float>, _ ldb: Int, k0: Int, kc: Int, column0: Int, columns: Int,
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
    static func clear(_ panel: UnsafeMutablePointer<Float>, count: Int) {
        let zero = Vector()
        for index in stride(from: 0, to: count, by: Vector.scalarCount) { save(zero, panel + index) }
    }
}
#endif
