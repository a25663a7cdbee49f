// MARK: - Reductions: sum, mean, max and log-sum-exp over one axis, or over everything

/// The reductions along one axis.
enum AxisReduction { case sum, max, logSumExp }

extension Tensor {
    /// The sum of all elements, as a scalar.
    public func sum() -> Tensor { reshaped(to: [elementCount]).sum(alongAxis: 0) }

    /// The mean of all elements, as a scalar.
    public func mean() -> Tensor { sum() / Double(Swift.max(elementCount, 1)) }

    /// Sums along `axis`, removing it (or keeping it with extent 1).
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        reduce(.sum, axis: axis, keepingDimension: keepingDimension)
    }

    /// Averages along `axis`, removing it (or keeping it with extent 1).
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        sum(alongAxis: axis, keepingDimension: keepingDimension) / Double(Swift.max(shape[axis], 1))
    }

    /// The maximum along `axis`. The gradient goes to every element equal to the maximum.
    public func max(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        reduce(.max, axis: axis, keepingDimension: keepingDimension)
    }

    /// log Σ exp(x) along `axis`, computed stably as m + log Σ exp(x − m) with m the maximum; fused (one
    /// primitive with its own gradient, the softmax) for that stability.
    public func logSumExp(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        reduce(.logSumExp, axis: axis, keepingDimension: keepingDimension)
    }

    private func reduce(_ reduction: AxisReduction, axis: Int, keepingDimension: Bool) -> Tensor {
        precondition(axis >= 0 && axis < rank, "reduction: axis \(axis) out of range for shape \(shape)")
        var kept = shape
        kept[axis] = 1
        let outer = shape.prefix(axis).reduce(1, *), length = shape[axis], inner = shape.suffix(from: axis + 1).reduce(1, *)
        var result = Tensor(uninitializedShape: kept, dtype: dtype)
        switch dtype {
        case .float32: Tensor.reduceAxisKernel(reduction, pointer(Float.self), result.pointer(Float.self), outer, length, inner)
        case .float64: Tensor.reduceAxisKernel(reduction, pointer(Double.self), result.pointer(Double.self), outer, length, inner)
        }
        if let inputs = Tensor.recordedInputs(self) {
            let input = detached(), output = result.detached()
            result = result.recorded(from: inputs) { [node] g in
                let spread = Tensor.compute(.add, Tensor(zeros: input.shape, dtype: input.dtype), g)
                switch reduction {
                case .sum: node?.accumulate(spread)
                case .max: node?.accumulate(Tensor.compute(.multiply, spread, input.indicator(equalTo: output)))
                case .logSumExp: node?.accumulate(Tensor.compute(.multiply, spread, Tensor.compute(.subtract, input, output).map(ExpMap.self)))
                }
            }
        }
        if keepingDimension { return result }
        var removed = shape.dimensions
        removed.remove(at: axis)
        return result.reshaped(to: Shape(removed))
    }

    private static func reduceAxisKernel<T: KernelScalar>(_ reduction: AxisReduction, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ outer: Int, _ length: Int, _ inner: Int) {
        for o in 0..<outer {
            let source = x + o * length * inner, target = y + o * inner
            switch reduction {
            case .sum:
                for i in 0..<inner { target[i] = 0 }
                for k in 0..<length { for i in 0..<inner { target[i] += source[k * inner + i] } }
            case .max, .logSumExp:
                for i in 0..<inner { target[i] = -.infinity }
                for k in 0..<length { for i in 0..<inner { target[i] = Swift.max(target[i], source[k * inner + i]) } }
                if reduction == .logSumExp {
                    for i in 0..<inner {
                        let m = target[i]
                        guard m.isFinite else { continue }  // all −∞ (or +∞/NaN present): the maximum is the answer
                        var total: T = 0
                        for k in 0..<length { total += T.exponential(source[k * inner + i] - m) }
                        target[i] = m + T.logarithm(total)
                    }
                }
            }
        }
    }

    /// 1 where this tensor equals `other` (broadcast), else 0.
    private func indicator(equalTo other: Tensor) -> Tensor {
        let difference = Tensor.compute(.subtract, self, other)
        let result = Tensor(uninitializedShape: difference.shape, dtype: dtype)
        switch dtype {
        case .float32:
            let d = difference.pointer(Float.self), r = result.pointer(Float.self)
            for i in 0..<elementCount { r[i] = d[i] == 0 ? 1 : 0 }
        case .float64:
            let d = difference.pointer(Double.self), r = result.pointer(Double.self)
            for i in 0..<elementCount { r[i] = d[i] == 0 ? 1 : 0 }
        }
        return result
    }
}
