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
        require(axis >= 0 && axis < rank, "reduction: axis \(axis) out of range for shape \(shape)")
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
                let spread = g.broadcasted(to: input.shape)
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

    /// Reduces `[outer, length, inner]` to `[outer, inner]`. Works row by row (whole `inner`-long runs, with
    /// row pointers computed outside the inner loops) so that the loops carry no overflow checks and vectorise;
    /// a column sum of a `[batch, features]` gradient (a bias gradient) streams through memory once.
    private static func reduceAxisKernel<T: KernelScalar>(_ reduction: AxisReduction, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ outer: Int, _ length: Int, _ inner: Int) {
        for o in 0..<outer {
            let source = x + o * length * inner, target = y + o * inner
            switch reduction {
            case .sum:
                if inner == 1 {
                    target[0] = contiguousSum(source, length)
                } else if length == 0 {
                    target.update(repeating: 0, count: inner)
                } else {
                    target.update(from: source, count: inner)
                    // Four rows per pass over the target: a column sum of a narrow [batch, features] gradient was
                    // bound by loading and storing the target once per row.
                    var k = 1
                    while k + 4 <= length {
                        addRows(source + k * inner, inner, into: target, inner)
                        k += 4
                    }
                    while k < length { addRow(source + k * inner, into: target, inner); k += 1 }
                }
            case .max, .logSumExp:
                target.update(repeating: -.infinity, count: inner)
                for k in 0..<length { maximumRow(source + k * inner, into: target, inner) }
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

    @inline(__always)
    private static func addRow<T: KernelScalar>(_ row: UnsafePointer<T>, into target: UnsafeMutablePointer<T>, _ count: Int) {
        for i in 0..<count { target[i] += row[i] }
    }

    /// target += the four rows starting at `rows`, `stride` apart.
    @inline(__always)
    private static func addRows<T: KernelScalar>(_ rows: UnsafePointer<T>, _ stride: Int, into target: UnsafeMutablePointer<T>, _ count: Int) {
        let r0 = rows, r1 = rows + stride, r2 = rows + 2 * stride, r3 = rows + 3 * stride
        for i in 0..<count { target[i] += (r0[i] + r1[i]) + (r2[i] + r3[i]) }
    }

    @inline(__always)
    private static func maximumRow<T: KernelScalar>(_ row: UnsafePointer<T>, into target: UnsafeMutablePointer<T>, _ count: Int) {
        for i in 0..<count { target[i] = Swift.max(target[i], row[i]) }
    }

    /// Σ x[i] with eight interleaved partial sums (a sequential sum is bound by the add latency and cannot
    /// vectorise, since reordering changes rounding; eight lanes are as accurate and about eight times faster).
    @inline(__always)
    static func contiguousSum<T: KernelScalar>(_ x: UnsafePointer<T>, _ count: Int) -> T {
        var s0: T = 0, s1: T = 0, s2: T = 0, s3: T = 0, s4: T = 0, s5: T = 0, s6: T = 0, s7: T = 0
        let blocks = count / 8
        for b in 0..<blocks {
            let p = x + 8 * b
            s0 += p[0]; s1 += p[1]; s2 += p[2]; s3 += p[3]; s4 += p[4]; s5 += p[5]; s6 += p[6]; s7 += p[7]
        }
        for i in (8 * blocks)..<count { s0 += x[i] }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
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
