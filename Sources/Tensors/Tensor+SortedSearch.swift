// MARK: - Search of sorted knots along an axis (bucketize)

extension Tensor {
    /// For every line of this tensor along `axis`, whose `count` values (knots) ascend, the bin of the matching value
    /// of `values`: the largest k with knot_k ≤ v, clamped to 0…count − 2. A value below the first knot falls in bin 0,
    /// and one at or above the last knot in the last bin, so that the last knot closes the last bin (nflows'
    /// `searchsorted`, which adds a small ε to the last knot for that; NaN falls in bin 0). Not differentiable: the
    /// bins are integers.
    /// - Parameter values: this tensor's shape with extent 1 along `axis`.
    /// - Returns: the bins, of the shape of `values`.
    public func binIndices(of values: Tensor, alongAxis axis: Int) -> AxisIndices {
        require(axis >= 0 && axis < rank && shape[axis] >= 2, "binIndices(of:alongAxis:): needs at least two knots along axis \(axis) of shape \(shape)")
        let collapsed = AxisLayout.collapsing(shape, axis: axis)
        require(values.shape == collapsed && values.dtype == dtype,
                "binIndices(of:alongAxis:): values of shape \(values.shape) (\(values.dtype)) for knots of shape \(shape) (\(dtype)), expected \(collapsed)")
        let layout = AxisLayout(shape, axis: axis)
        var positions = [Int](repeating: 0, count: collapsed.elementCount)
        positions.withUnsafeMutableBufferPointer { bins in
            switch dtype {
            case .float32: Tensor.searchKernel(pointer(Float.self), values.pointer(Float.self), bins, layout)
            case .float64: Tensor.searchKernel(pointer(Double.self), values.pointer(Double.self), bins, layout)
            }
        }
        return AxisIndices(shape: collapsed, axis: axis, positions: positions)
    }

    /// Counts the knots ≤ v by a linear scan (a spline has few knots; a scan of 5–65 knots beats a binary search's
    /// unpredictable branches) and clamps.
    private static func searchKernel<T: KernelScalar>(_ knots: UnsafePointer<T>, _ values: UnsafePointer<T>, _ bins: UnsafeMutableBufferPointer<Int>,
                                                      _ layout: AxisLayout) {
        let (length, inner) = (layout.length, layout.inner)
        for o in 0..<layout.outer {
            for i in 0..<inner {
                let v = values[o * inner + i], line = knots + o * length * inner + i
                var count = 0
                for k in 0..<length where line[k * inner] <= v { count += 1 }
                bins[o * inner + i] = Swift.min(Swift.max(count - 1, 0), length - 2)
            }
        }
    }
}
