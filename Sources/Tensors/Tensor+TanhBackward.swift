// MARK: - The backward pass of a tanh layer: g ⊙ (1 − y²) and its column sums in one pass

extension Tensor {
    /// p = g ⊙ (1 − y²) for `[rows, columns]` tensors (the gradient at a tanh layer's pre-activation, from the
    /// gradient g at its output y), and, when `columnSums` is set, Σ_rows p (the bias gradient) from the same pass.
    ///
    /// The sums are `p.sum(alongAxis: 0)` bit for bit (the same additions in the same order: row 0, then four rows at
    /// a time, then the rest one by one). For 64 columns or more p is summed while still in registers instead of
    /// being read back: that second pass over a 1000 × 512 gradient was about 1% of a MINIBOONE-shaped LGF-MAF
    /// training step in perf (the whole step's gain is below this machine's noise).
    static func tanhBackward(_ g: Tensor, output y: Tensor, columnSums: Bool) -> (preactivation: Tensor, columnSums: Tensor?) {
        require(g.shape == y.shape && g.dtype == y.dtype && g.rank == 2, "tanhBackward: gradient \(g.shape) \(g.dtype) for output \(y.shape) \(y.dtype)")
        // Narrow layers (the 2-D flows' 10 and 50 units) fit in L2 whole: there the two passes over the contiguous
        // buffer, without a vector tail per row, were faster.
        guard columnSums, g.shape[0] > 0, g.shape[1] >= 64 else {
            let preactivation = g.zipMap(y, TanhBackward.self)
            return (preactivation, columnSums ? preactivation.sum(alongAxis: 0) : nil)
        }
        let rows = g.shape[0], columns = g.shape[1]
        let preactivation = Tensor(uninitializedShape: g.shape, dtype: g.dtype), sums = Tensor(uninitializedShape: [columns], dtype: g.dtype)
        // Large gradients are split into ranges of columns over `WorkerPool.current`: each column's sum is formed by one
        // thread with the serial additions, so the sums too are the same for every thread count.
        let minimumColumns = (WorkerPool.minimumRangeLength + rows - 1) / rows
        let pool = rows * columns >= 2 * WorkerPool.minimumRangeLength ? WorkerPool.current : WorkerPool.serial
        pool.forEachRange(of: columns, minimumLength: minimumColumns) { range in
            switch g.dtype {
            case .float32:
                tanhBackwardKernel(g.pointer(Float.self), y.pointer(Float.self), preactivation.pointer(Float.self), sums.pointer(Float.self),
                                   rows, range, columns)
            case .float64:
                tanhBackwardKernel(g.pointer(Double.self), y.pointer(Double.self), preactivation.pointer(Double.self), sums.pointer(Double.self),
                                   rows, range, columns)
            }
        }
        return (preactivation, sums)
    }

    /// The columns `range` of `rows` rows `rowStride` apart, row by row, eight columns at a time in explicit vectors
    /// (written as a plain loop, LLVM could not rule out that the sums alias the other buffers and kept it scalar,
    /// which made a 2-D LGF-MAF step 20% slower).
    @inline(__always)
    private static func tanhBackwardKernel<T: KernelScalar & SIMDScalar>(_ g: UnsafePointer<T>, _ y: UnsafePointer<T>, _ p: UnsafeMutablePointer<T>,
                                                                         _ sums: UnsafeMutablePointer<T>, _ rows: Int, _ range: Range<Int>,
                                                                         _ rowStride: Int) {
        let g = g + range.lowerBound, y = y + range.lowerBound, p = p + range.lowerBound, sums = sums + range.lowerBound
        let columns = range.count
        typealias Vector = SIMD8<T>
        let whole = columns / Vector.scalarCount * Vector.scalarCount
        @inline(__always) func load(_ x: UnsafePointer<T>) -> Vector { UnsafeRawPointer(x).loadUnaligned(as: Vector.self) }
        @inline(__always) func store(_ v: Vector, _ x: UnsafeMutablePointer<T>) { UnsafeMutableRawPointer(x).storeBytes(of: v, as: Vector.self) }
        // g ⊙ (1 − y²) at offset o: the same IEEE operations, in the same order, as `TanhBackward.apply`.
        @inline(__always) func vector(_ o: Int) -> Vector { let output = load(y + o); return load(g + o) * (Vector(repeating: 1) - output * output) }
        @inline(__always) func scalar(_ o: Int) -> T { TanhBackward.apply(g[o], y[o]) }
        for c in stride(from: 0, to: whole, by: Vector.scalarCount) {
            let v = vector(c)
            store(v, p + c); store(v, sums + c)
        }
        for c in whole..<columns { let v = scalar(c); p[c] = v; sums[c] = v }
        var r = 1
        while r + 4 <= rows {
            let o0 = r * rowStride, o1 = o0 + rowStride, o2 = o1 + rowStride, o3 = o2 + rowStride
            for c in stride(from: 0, to: whole, by: Vector.scalarCount) {
                let v0 = vector(o0 + c), v1 = vector(o1 + c), v2 = vector(o2 + c), v3 = vector(o3 + c)
                store(v0, p + o0 + c); store(v1, p + o1 + c); store(v2, p + o2 + c); store(v3, p + o3 + c)
                store(load(sums + c) + ((v0 + v1) + (v2 + v3)), sums + c)
            }
            for c in whole..<columns {
                let v0 = scalar(o0 + c), v1 = scalar(o1 + c), v2 = scalar(o2 + c), v3 = scalar(o3 + c)
                p[o0 + c] = v0; p[o1 + c] = v1; p[o2 + c] = v2; p[o3 + c] = v3
                sums[c] += (v0 + v1) + (v2 + v3)
            }
            r += 4
        }
        while r < rows {
            let o = r * rowStride
            for c in stride(from: 0, to: whole, by: Vector.scalarCount) {
                let v = vector(o + c)
                store(v, p + o + c)
                store(load(sums + c) + v, sums + c)
            }
            for c in whole..<columns { let v = scalar(o + c); p[o + c] = v; sums[c] += v }
            r += 1
        }
    }
}
