// MARK: - Elementwise selection and interval indicators

extension Tensor {
    /// `a` where `condition` is nonzero and `b` elsewhere, elementwise (`torch.where`); all three of one shape and type.
    /// A primitive rather than `a·c + b·(1 − c)`, which turns an infinite or NaN value in the branch not taken into NaN
    /// (a spline evaluated outside its interval, say) and takes four passes.
    ///
    /// Vector–Jacobian product: g goes to `a` where the condition holds and to `b` elsewhere; `condition` is a constant.
    public static func selecting(where condition: Tensor, _ a: Tensor, otherwise b: Tensor) -> Tensor {
        require(condition.shape == a.shape && a.shape == b.shape && condition.dtype == a.dtype && a.dtype == b.dtype,
                "selecting(where:_:otherwise:): shapes \(condition.shape), \(a.shape), \(b.shape) (\(condition.dtype), \(a.dtype), \(b.dtype)) differ")
        let result = Tensor(uninitializedShape: a.shape, dtype: a.dtype)
        switch a.dtype {
        case .float32: selectKernel(condition.pointer(Float.self), a.pointer(Float.self), b.pointer(Float.self), result.pointer(Float.self), a.elementCount)
        case .float64: selectKernel(condition.pointer(Double.self), a.pointer(Double.self), b.pointer(Double.self), result.pointer(Double.self), a.elementCount)
        }
        guard let inputs = recordedInputs(a, b) else { return result }
        let saved = condition.detached(), leftNode = a.node, rightNode = b.node
        return result.recorded(from: inputs) { g in
            let zeros = Tensor(zeros: g.shape, dtype: g.dtype)
            leftNode?.accumulate(selecting(where: saved, g.detached(), otherwise: zeros))
            rightNode?.accumulate(selecting(where: saved, zeros, otherwise: g.detached()))
        }
    }

    private static func selectKernel<T: KernelScalar>(_ c: UnsafePointer<T>, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>,
                                                      _ count: Int) {
        for index in 0..<count { y[index] = c[index] != 0 ? a[index] : b[index] }
    }

    /// 1 where an element lies in `range` (ends included) and 0 elsewhere (NaN included), as a constant of this
    /// tensor's shape and type: a condition for `selecting(where:_:otherwise:)`.
    public func indicator(of range: ClosedRange<Double>) -> Tensor {
        let result = Tensor(uninitializedShape: shape, dtype: dtype)
        switch dtype {
        case .float32: Tensor.indicatorKernel(pointer(Float.self), result.pointer(Float.self), elementCount, Float(range.lowerBound), Float(range.upperBound))
        case .float64: Tensor.indicatorKernel(pointer(Double.self), result.pointer(Double.self), elementCount, range.lowerBound, range.upperBound)
        }
        return result
    }

    private static func indicatorKernel<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ count: Int, _ lower: T, _ upper: T) {
        for index in 0..<count { y[index] = x[index] >= lower && x[index] <= upper ? 1 : 0 }
    }
}
