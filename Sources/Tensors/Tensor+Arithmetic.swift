// MARK: - Broadcasting arithmetic: + − × ÷ with NumPy broadcasting, differentiable in both operands

/// The four broadcasting binary operations.
enum BinaryOperation: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

extension Tensor {
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { binary(.add, lhs, rhs) }
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { binary(.subtract, lhs, rhs) }
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { binary(.multiply, lhs, rhs) }
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { binary(.divide, lhs, rhs) }

    public static func + (lhs: Tensor, rhs: Double) -> Tensor { binary(.add, lhs, Tensor(scalar: rhs, dtype: lhs.dtype)) }
    public static func - (lhs: Tensor, rhs: Double) -> Tensor { binary(.subtract, lhs, Tensor(scalar: rhs, dtype: lhs.dtype)) }
    public static func * (lhs: Tensor, rhs: Double) -> Tensor { binary(.multiply, lhs, Tensor(scalar: rhs, dtype: lhs.dtype)) }
    public static func / (lhs: Tensor, rhs: Double) -> Tensor { binary(.divide, lhs, Tensor(scalar: rhs, dtype: lhs.dtype)) }
    public static func + (lhs: Double, rhs: Tensor) -> Tensor { binary(.add, Tensor(scalar: lhs, dtype: rhs.dtype), rhs) }
    public static func - (lhs: Double, rhs: Tensor) -> Tensor { binary(.subtract, Tensor(scalar: lhs, dtype: rhs.dtype), rhs) }
    public static func * (lhs: Double, rhs: Tensor) -> Tensor { binary(.multiply, Tensor(scalar: lhs, dtype: rhs.dtype), rhs) }
    public static func / (lhs: Double, rhs: Tensor) -> Tensor { binary(.divide, Tensor(scalar: lhs, dtype: rhs.dtype), rhs) }

    /// Applies `operation` with broadcasting and records both operands' gradients, each summed back to its
    /// own shape (the one place broadcast gradients are reduced: `summed(toShape:)`).
    static func binary(_ operation: BinaryOperation, _ lhs: Tensor, _ rhs: Tensor) -> Tensor {
        precondition(lhs.dtype == rhs.dtype, "\(operation.rawValue): element types \(lhs.dtype) and \(rhs.dtype) differ")
        let result = compute(operation, lhs, rhs)
        guard let inputs = recordedInputs(lhs, rhs) else { return result }
        let left = lhs.detached(), right = rhs.detached(), output = result.detached()
        return result.recorded(from: inputs) { [leftNode = lhs.node, rightNode = rhs.node] g in
            switch operation {
            case .add:
                leftNode?.accumulate(g.summed(toShape: left.shape))
                rightNode?.accumulate(g.summed(toShape: right.shape))
            case .subtract:
                leftNode?.accumulate(g.summed(toShape: left.shape))
                rightNode?.accumulate((-g).summed(toShape: right.shape))
            case .multiply:
                leftNode?.accumulate(compute(.multiply, g, right).summed(toShape: left.shape))
                rightNode?.accumulate(compute(.multiply, g, left).summed(toShape: right.shape))
            case .divide:
                leftNode?.accumulate(compute(.divide, g, right).summed(toShape: left.shape))
                if let rightNode {
                    // d(a/b)/db = −(a/b)/b
                    let contribution = compute(.divide, compute(.multiply, g, output), right)
                    rightNode.accumulate((-contribution).summed(toShape: right.shape))
                }
            }
        }
    }

    /// The forward kernel of a broadcasting binary operation (no graph).
    static func compute(_ operation: BinaryOperation, _ lhs: Tensor, _ rhs: Tensor) -> Tensor {
        let layout = BroadcastLayout(lhs.shape, rhs.shape, operation: operation.rawValue)
        let result = Tensor(uninitializedShape: layout.shape, dtype: lhs.dtype)
        switch lhs.dtype {
        case .float32: binaryKernel(operation, lhs.pointer(Float.self), rhs.pointer(Float.self), result.pointer(Float.self), layout, sameShape: lhs.shape == rhs.shape)
        case .float64: binaryKernel(operation, lhs.pointer(Double.self), rhs.pointer(Double.self), result.pointer(Double.self), layout, sameShape: lhs.shape == rhs.shape)
        }
        return result
    }

    private static func binaryKernel<T: KernelScalar>(_ operation: BinaryOperation, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ c: UnsafeMutablePointer<T>, _ layout: BroadcastLayout, sameShape: Bool) {
        switch operation {
        case .add: broadcastLoop(a, b, c, layout, sameShape) { $0 + $1 }
        case .subtract: broadcastLoop(a, b, c, layout, sameShape) { $0 - $1 }
        case .multiply: broadcastLoop(a, b, c, layout, sameShape) { $0 * $1 }
        case .divide: broadcastLoop(a, b, c, layout, sameShape) { $0 / $1 }
        }
    }

    @inline(__always)
    private static func broadcastLoop<T: KernelScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ c: UnsafeMutablePointer<T>, _ layout: BroadcastLayout, _ sameShape: Bool, _ f: (T, T) -> T) {
        if sameShape {
            for i in 0..<layout.shape.elementCount { c[i] = f(a[i], b[i]) }
            return
        }
        let n = layout.extents[3], sa = layout.leftStrides[3], sb = layout.rightStrides[3]
        layout.forEachRow { left, right, output in
            let x = a + left, y = b + right, z = c + output
            if sa == 1 && sb == 1 {
                for i in 0..<n { z[i] = f(x[i], y[i]) }
            } else if sa == 1 {
                let scalar = y[0]
                for i in 0..<n { z[i] = f(x[i], scalar) }
            } else if sb == 1 {
                let scalar = x[0]
                for i in 0..<n { z[i] = f(scalar, y[i]) }
            } else {
                let value = f(x[0], y[0])
                for i in 0..<n { z[i] = value }
            }
        }
    }

    /// The sum of this tensor over the axes along which `target` was broadcast to produce it, reshaped to
    /// `target` (the reduction of a broadcast operand's gradient). Not differentiable.
    func summed(toShape target: Shape) -> Tensor {
        if target == shape { return detached() }
        let layout = BroadcastLayout(shape, target, operation: "summed(toShape:)")
        precondition(layout.shape == shape, "summed(toShape:): \(target) does not broadcast to \(shape)")
        let result = Tensor(zeros: target, dtype: dtype)
        switch dtype {
        case .float32: Tensor.reduceKernel(pointer(Float.self), result.pointer(Float.self), layout)
        case .float64: Tensor.reduceKernel(pointer(Double.self), result.pointer(Double.self), layout)
        }
        return result
    }

    private static func reduceKernel<T: KernelScalar>(_ source: UnsafePointer<T>, _ target: UnsafeMutablePointer<T>, _ layout: BroadcastLayout) {
        let n = layout.extents[3], stride = layout.rightStrides[3]
        layout.forEachRow { from, to, _ in
            let x = source + from, y = target + to
            if stride == 1 {
                for i in 0..<n { y[i] += x[i] }
            } else {
                var total: T = 0
                for i in 0..<n { total += x[i] }
                y[0] += total
            }
        }
    }

    /// Adds `other` (same shape and type) into this tensor's storage (not differentiable).
    mutating func addInPlace(_ other: Tensor) {
        precondition(shape == other.shape && dtype == other.dtype, "addInPlace: \(shape) \(dtype) and \(other.shape) \(other.dtype)")
        makeUnique()
        switch dtype {
        case .float32:
            let a = pointer(Float.self), b = other.pointer(Float.self)
            for i in 0..<elementCount { a[i] += b[i] }
        case .float64:
            let a = pointer(Double.self), b = other.pointer(Double.self)
            for i in 0..<elementCount { a[i] += b[i] }
        }
    }
}
