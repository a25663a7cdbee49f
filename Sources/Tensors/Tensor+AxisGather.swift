// MARK: - Gather along an axis, one position per line

extension Tensor {
    /// The element at `indices` along their axis for every line of this tensor: y[…, 0, …] = x[…, indices[…], …]
    /// (`torch.gather` with one index per line), e.g. the width of the bin each input falls in.
    ///
    /// Vector–Jacobian product: the gradient of each output goes back to the element it was read from (summed where two
    /// outputs read one element), zeros elsewhere.
    /// - Parameter indices: positions for this tensor's shape with extent 1 along their axis.
    /// - Returns: `indices.shape`.
    public func gathering(alongAxis axis: Int, at indices: AxisIndices) -> Tensor {
        require(axis == indices.axis && axis >= 0 && axis < rank && indices.shape == AxisLayout.collapsing(shape, axis: axis),
                "gathering(alongAxis:at:): indices of shape \(indices.shape) along axis \(indices.axis) for a tensor of shape \(shape) along axis \(axis)")
        let layout = AxisLayout(shape, axis: axis)
        require(indices.positions.allSatisfy { $0 >= 0 && $0 < layout.length }, "gathering(alongAxis:at:): a position is outside 0..<\(layout.length)")
        let result = Tensor(uninitializedShape: indices.shape, dtype: dtype)
        indices.positions.withUnsafeBufferPointer { positions in
            switch dtype {
            case .float32: Tensor.axisGatherKernel(pointer(Float.self), result.pointer(Float.self), positions, layout)
            case .float64: Tensor.axisGatherKernel(pointer(Double.self), result.pointer(Double.self), positions, layout)
            }
        }
        guard let inputs = Tensor.recordedInputs(self) else { return result }
        let inputShape = shape
        return result.recorded(from: inputs) { [node] g in
            let spread = Tensor(zeros: inputShape, dtype: g.dtype)
            indices.positions.withUnsafeBufferPointer { positions in
                switch g.dtype {
                case .float32: Tensor.axisScatterKernel(g.pointer(Float.self), spread.pointer(Float.self), positions, layout)
                case .float64: Tensor.axisScatterKernel(g.pointer(Double.self), spread.pointer(Double.self), positions, layout)
                }
            }
            node?.accumulate(spread)
        }
    }

    private static func axisGatherKernel<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ positions: UnsafeBufferPointer<Int>,
                                                          _ layout: AxisLayout) {
        let (length, inner) = (layout.length, layout.inner)
        for o in 0..<layout.outer {
            let line = x + o * length * inner, row = o * inner
            for i in 0..<inner { y[row + i] = line[positions[row + i] * inner + i] }
        }
    }

    private static func axisScatterKernel<T: KernelScalar>(_ g: UnsafePointer<T>, _ x: UnsafeMutablePointer<T>, _ positions: UnsafeBufferPointer<Int>,
                                                           _ layout: AxisLayout) {
        let (length, inner) = (layout.length, layout.inner)
        for o in 0..<layout.outer {
            let line = x + o * length * inner, row = o * inner
            for i in 0..<inner { line[positions[row + i] * inner + i] += g[row + i] }
        }
    }
}
