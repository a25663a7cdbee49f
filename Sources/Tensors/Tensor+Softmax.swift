// MARK: - Softmax along an axis

extension Tensor {
    /// exp(x_k) / Σ_j exp(x_j) along `axis`, computed as exp(x_k − m) / Σ_j exp(x_j − m) with m the maximum so that
    /// no exponential overflows; one fused primitive with its own backward rule for that stability (composing
    /// `exp` and `logSumExp` would also be stable, but takes three passes and three graph nodes where this takes one).
    ///
    /// Vector–Jacobian product: ∂L/∂x_k = y_k (g_k − Σ_j g_j y_j), from the saved output y.
    /// - Returns: the shape of this tensor, every line along `axis` summing to 1.
    public func softmax(alongAxis axis: Int) -> Tensor {
        require(axis >= 0 && axis < rank, "softmax(alongAxis:): axis \(axis) out of range for shape \(shape)")
        let layout = AxisLayout(shape, axis: axis)
        let y = Tensor(uninitializedShape: shape, dtype: dtype)
        switch dtype {
        case .float32: Tensor.softmaxKernel(pointer(Float.self), y.pointer(Float.self), layout)
        case .float64: Tensor.softmaxKernel(pointer(Double.self), y.pointer(Double.self), layout)
        }
        guard let inputs = Tensor.recordedInputs(self) else { return y }
        let saved = y.detached()
        return y.recorded(from: inputs) { [node] g in
            let gradient = Tensor(uninitializedShape: saved.shape, dtype: saved.dtype)
            switch saved.dtype {
            case .float32: Tensor.softmaxBackwardKernel(g.pointer(Float.self), saved.pointer(Float.self), gradient.pointer(Float.self), layout)
            case .float64: Tensor.softmaxBackwardKernel(g.pointer(Double.self), saved.pointer(Double.self), gradient.pointer(Double.self), layout)
            }
            node?.accumulate(gradient)
        }
    }

    /// Each line of `layout` at once across its `inner` positions (contiguous), with one `inner`-long scratch row
    /// for the maxima and then the sums.
    private static func softmaxKernel<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ layout: AxisLayout) {
        let (length, inner) = (layout.length, layout.inner)
        guard length > 0, inner > 0 else { return }
        let scratch = UnsafeMutablePointer<T>.allocate(capacity: inner)
        defer { scratch.deallocate() }
        for o in 0..<layout.outer {
            let source = x + o * length * inner, target = y + o * length * inner
            scratch.update(from: source, count: inner)
            for k in 1..<length {
                let row = source + k * inner
                for i in 0..<inner { scratch[i] = Swift.max(scratch[i], row[i]) }
            }
            for k in 0..<length {
                let row = source + k * inner, out = target + k * inner
                for i in 0..<inner { out[i] = T.exponential(row[i] - scratch[i]) }
            }
            scratch.update(repeating: 0, count: inner)
            for k in 0..<length {
                let out = target + k * inner
                for i in 0..<inner { scratch[i] += out[i] }
            }
            for k in 0..<length {
                let out = target + k * inner
                for i in 0..<inner { out[i] /= scratch[i] }
            }
        }
    }

    /// dx_k = y_k (g_k − Σ_j g_j y_j) along each line.
    private static func softmaxBackwardKernel<T: KernelScalar>(_ g: UnsafePointer<T>, _ y: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>,
                                                               _ layout: AxisLayout) {
        let (length, inner) = (layout.length, layout.inner)
        guard length > 0, inner > 0 else { return }
        let dot = UnsafeMutablePointer<T>.allocate(capacity: inner)
        defer { dot.deallocate() }
        for o in 0..<layout.outer {
            let base = o * length * inner
            dot.update(repeating: 0, count: inner)
            for k in 0..<length {
                let gRow = g + base + k * inner, yRow = y + base + k * inner
                for i in 0..<inner { dot[i] += gRow[i] * yRow[i] }
            }
            for k in 0..<length {
                let gRow = g + base + k * inner, yRow = y + base + k * inner, out = dx + base + k * inner
                for i in 0..<inner { out[i] = yRow[i] * (gRow[i] - dot[i]) }
            }
        }
    }
}
