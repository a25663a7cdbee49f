// MARK: - The backward pass of a tanh layer: g ⊙ (1 − y²) and its column sums in one pass

extension Tensor {
    /// p = g ⊙ (1 − y²) for `[rows, columns]` tensors (the gradient at a tanh layer's pre-activation, from the
    /// gradient g at its output y), and, when `columnSums` is set, Σ_rows p (the bias gradient) from the same pass.
    ///
    /// The sums are `p.sum(alongAxis: 0)` bit for bit (the same additions in the same order: row 0, then four rows at
    /// a time, then the rest one by one), but p is summed while still in registers instead of being read back: that
    /// second pass over a 1000 × 512 gradient was about 1% of a MINIBOONE-shaped LGF-MAF training step.
    static func tanhBackward(_ g: Tensor, output y: Tensor, columnSums: Bool) -> (preactivation: Tensor, columnSums: Tensor?) {
        require(g.shape == y.shape && g.dtype == y.dtype && g.rank == 2, "tanhBackward: gradient \(g.shape) \(g.dtype) for output \(y.shape) \(y.dtype)")
        guard columnSums, g.shape[0] > 0 else {
            let preactivation = g.zipMap(y, TanhBackward.self)
            return (preactivation, columnSums ? preactivation.sum(alongAxis: 0) : nil)
        }
        let rows = g.shape[0], columns = g.shape[1]
        let preactivation = Tensor(uninitializedShape: g.shape, dtype: g.dtype), sums = Tensor(uninitializedShape: [columns], dtype: g.dtype)
        switch g.dtype {
        case .float32:
            tanhBackwardKernel(g.pointer(Float.self), y.pointer(Float.self), preactivation.pointer(Float.self), sums.pointer(Float.self), rows, columns)
        case .float64:
            tanhBackwardKernel(g.pointer(Double.self), y.pointer(Double.self), preactivation.pointer(Double.self), sums.pointer(Double.self), rows, columns)
        }
        return (preactivation, sums)
    }

    @inline(__always)
    private static func tanhBackwardKernel<T: KernelScalar>(_ g: UnsafePointer<T>, _ y: UnsafePointer<T>, _ p: UnsafeMutablePointer<T>,
                                                            _ sums: UnsafeMutablePointer<T>, _ rows: Int, _ columns: Int) {
        for i in 0..<columns {
            let value = TanhBackward.apply(g[i], y[i])
            p[i] = value
            sums[i] = value
        }
        var r = 1
        while r + 4 <= rows {
            let o0 = r * columns, o1 = o0 + columns, o2 = o1 + columns, o3 = o2 + columns
            for i in 0..<columns {
                let v0 = TanhBackward.apply(g[o0 + i], y[o0 + i]), v1 = TanhBackward.apply(g[o1 + i], y[o1 + i])
                let v2 = TanhBackward.apply(g[o2 + i], y[o2 + i]), v3 = TanhBackward.apply(g[o3 + i], y[o3 + i])
                p[o0 + i] = v0; p[o1 + i] = v1; p[o2 + i] = v2; p[o3 + i] = v3
                sums[i] += (v0 + v1) + (v2 + v3)
            }
            r += 4
        }
        while r < rows {
            let o = r * columns
            for i in 0..<columns {
                let value = TanhBackward.apply(g[o + i], y[o + i])
                p[o + i] = value
                sums[i] += value
            }
            r += 1
        }
    }
}
