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
    ///
    /// 16 columns × 16 depths at a time through registers (`transposeSquare`); the rest, depths past the last multiple
    /// of 16 and a last group of fewer than 16 columns, element by element. Element by element throughout, this copy
    /// was about 3% of a MINIBOONE-shaped K = 1000 evaluation and of its training step (perf; 3.8 ns per float,
    /// against 0.5).
    static func packTransposed(_ b: UnsafePointer<Float>, _ ldb: Int, k0: Int, kc: Int, column0: Int, columns: Int,
                                       width: Int, into panel: UnsafeMutablePointer<Float>) {
        if columns < width { clear(panel, count: kc * width) }
        let squareDepths = kc / lanes * lanes, squareColumns = columns / lanes * lanes
        for c0 in stride(from: 0, to: squareColumns, by: lanes) {
            let source = b + (column0 + c0) * ldb + k0
            for p0 in stride(from: 0, to: squareDepths, by: lanes) {
                transposeSquare(source + p0, ldb, into: panel + p0 * width + c0, width)
            }
        }
        for column in 0..<columns {
            let source = b + (column0 + column) * ldb + k0, target = panel + column
            for p in (column < squareColumns ? squareDepths : 0)..<kc { target[p &* width] = source[p] }
        }
    }

    /// target[r · ldTarget + c] = source[c · ldSource + r] for r, c < 16: sixteen 16-float rows in, sixteen out.
    ///
    /// Four rounds of `unzip` on pairs of rows. Each round moves the element at (row i, lane j), written as the 8 bits
    /// i₃i₂i₁i₀ j₃j₂j₁j₀, to j₀i₃i₂i₁ i₀j₃j₂j₁: a rotation of the 8 bits by one. After four rounds (j, i) holds what
    /// (i, j) held. Each `unzip` output is one two-source permute (64 in all).
    @inline(__always)
    static func transposeSquare(_ source: UnsafePointer<Float>, _ ldSource: Int, into target: UnsafeMutablePointer<Float>,
                                _ ldTarget: Int) {
        let s = source, l = ldSource
        var rows: Square = (load(s), load(s + l), load(s + 2 * l), load(s + 3 * l), load(s + 4 * l), load(s + 5 * l),
                            load(s + 6 * l), load(s + 7 * l), load(s + 8 * l), load(s + 9 * l), load(s + 10 * l),
                            load(s + 11 * l), load(s + 12 * l), load(s + 13 * l), load(s + 14 * l), load(s + 15 * l))
        rows = unzipRound(unzipRound(unzipRound(unzipRound(rows))))
        let t = target, m = ldTarget
        save(rows.0, t); save(rows.1, t + m); save(rows.2, t + 2 * m); save(rows.3, t + 3 * m)
        save(rows.4, t + 4 * m); save(rows.5, t + 5 * m); save(rows.6, t + 6 * m); save(rows.7, t + 7 * m)
        save(rows.8, t + 8 * m); save(rows.9, t + 9 * m); save(rows.10, t + 10 * m); save(rows.11, t + 11 * m)
        save(rows.12, t + 12 * m); save(rows.13, t + 13 * m); save(rows.14, t + 14 * m); save(rows.15, t + 15 * m)
    }

    typealias Square = (Vector, Vector, Vector, Vector, Vector, Vector, Vector, Vector,
                        Vector, Vector, Vector, Vector, Vector, Vector, Vector, Vector)

    /// Row 2i and row 2i + 1 → row i (their even lanes, one after the other) and row 8 + i (their odd lanes).
    @inline(__always)
    static func unzipRound(_ r: Square) -> Square {
        let (s0, s8) = unzip(r.0, r.1), (s1, s9) = unzip(r.2, r.3), (s2, s10) = unzip(r.4, r.5), (s3, s11) = unzip(r.6, r.7)
        let (s4, s12) = unzip(r.8, r.9), (s5, s13) = unzip(r.10, r.11), (s6, s14) = unzip(r.12, r.13), (s7, s15) = unzip(r.14, r.15)
        return (s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15)
    }

    @inline(__always)
    static func unzip(_ a: Vector, _ b: Vector) -> (even: Vector, odd: Vector) {
        (Vector(lowHalf: a.evenHalf, highHalf: b.evenHalf), Vector(lowHalf: a.oddHalf, highHalf: b.oddHalf))
    }

    /// B[k0 + p, 32 j ..< 32 j + 32] into `[p][32]` at `packed + j · kc · 32`, for the first `panels` (whole) panels.
    ///
    /// Row by row across all panels, so that B is read front to back: panel by panel, each took 128 bytes from rows
    /// ldb floats apart, which the hardware prefetchers follow poorly (lab, B not in cache: 512·512·1000 TN and
    /// 1000·512·512 NN 2–4% faster this way).
    static func packPlainPanels(_ b: UnsafePointer<Float>, _ ldb: Int, k0: Int, kc: Int, panels: Int,
                                into packed: UnsafeMutablePointer<Float>) {
        let panelSize = kc * panelWidth
        for p in 0..<kc {
            let source = b + (k0 + p) * ldb
            var target = packed + p * panelWidth
            for j in 0..<panels {
                save(load(source + j * panelWidth), target)
                save(load(source + j * panelWidth + lanes), target + lanes)
                target += panelSize
            }
        }
    }

    /// B[k0 + p, column0 + col] into `[p][width]`, zero-padded: a partial panel, or the 8×48 tile's.
    static func packPlain(_ b: UnsafePointer<Float>, _ ldb: Int, k0: Int, kc: Int, column0: Int, columns: Int,
                                  width: Int, into panel: UnsafeMutablePointer<Float>) {
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
