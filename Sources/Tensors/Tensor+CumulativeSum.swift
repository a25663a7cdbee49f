// MARK: - Cumulative sum along an axis

extension Tensor {
    /// The running sums along `axis`: y_k = Σ_{j ≤ k} x_j (`torch.cumsum`), e.g. the right edges of bins from their widths.
    ///
    /// Vector–Jacobian product: ∂L/∂x_k = Σ_{j ≥ k} g_j, the running sum taken from the other end.
    /// - Returns: the shape of this tensor.
    public func cumulativeSum(alongAxis axis: Int) -> Tensor {
        require(axis >= 0 && axis < rank, "cumulativeSum(alongAxis:): axis \(axis) out of range for shape \(shape)")
        let layout = AxisLayout(shape, axis: axis)
        let y = runningSum(layout, reversed: false)
        guard let inputs = Tensor.recordedInputs(self) else { return y }
        return y.recorded(from: inputs) { [node] g in node?.accumulate(g.runningSum(layout, reversed: true)) }
    }

    /// The running sums along the lines of `layout`, from the first position or (`reversed`) from the last. No graph.
    private func runningSum(_ layout: AxisLayout, reversed: Bool) -> Tensor {
        let y = Tensor(uninitializedShape: shape, dtype: dtype)
        switch dtype {
        case .float32: Tensor.runningSumKernel(pointer(Float.self), y.pointer(Float.self), layout, reversed: reversed)
        case .float64: Tensor.runningSumKernel(pointer(Double.self), y.pointer(Double.self), layout, reversed: reversed)
        }
        return y
    }

    /// Row k of each line is row k∓1 of the output plus row k of the input, `inner` contiguous elements at a time.
    private static func runningSumKernel<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ layout: AxisLayout, reversed: Bool) {
        let (length, inner) = (layout.length, layout.inner)
        guard length > 0, inner > 0 else { return }
        let order = reversed ? Array((0..<length).reversed()) : Array(0..<length)
        for o in 0..<layout.outer {
            let base = o * length * inner
            (y + base + order[0] * inner).update(from: x + base + order[0] * inner, count: inner)
            for step in 1..<length {
                let previous = y + base + order[step - 1] * inner, row = x + base + order[step] * inner, out = y + base + order[step] * inner
                for i in 0..<inner { out[i] = previous[i] + row[i] }
            }
        }
    }
}
