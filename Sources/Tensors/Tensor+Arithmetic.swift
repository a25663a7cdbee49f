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
        require(lhs.dtype == rhs.dtype, "\(operation.rawValue): element types \(lhs.dtype) and \(rhs.dtype) differ")
        let result = compute(operation, lhs, rhs)
        guard let inputs = recordedInputs(lhs, rhs) else { return result }
        let leftShape = lhs.shape, rightShape = rhs.shape, leftNode = lhs.node, rightNode = rhs.node
        // The closures keep only the values their rules read. In particular an operand is kept only when the
        // *other* operand needs a gradient: holding a parameter's storage for nothing (as `weight * mask`
        // would) makes the optimiser's in-place update copy it while the loss is still alive (copy-on-write).
        switch operation {
        case .add:
            return result.recorded(from: inputs) { g in
                leftNode?.accumulate(g.summed(toShape: leftShape))
                rightNode?.accumulate(g.summed(toShape: rightShape))
            }
        case .subtract:
            return result.recorded(from: inputs) { g in
                leftNode?.accumulate(g.summed(toShape: leftShape))
                rightNode?.accumulate((-g).summed(toShape: rightShape))
            }
        case .multiply:
            let left = rightNode == nil ? nil : lhs.detached(), right = leftNode == nil ? nil : rhs.detached()
            return result.recorded(from: inputs) { g in
                if let leftNode, let right { leftNode.accumulate(compute(.multiply, g, right).summed(toShape: leftShape)) }
                if let rightNode, let left { rightNode.accumulate(compute(.multiply, g, left).summed(toShape: rightShape)) }
            }
        case .divide:
            let right = rhs.detached(), output = rightNode == nil ? nil : result.detached()
            return result.recorded(from: inputs) { g in
                leftNode?.accumulate(compute(.divide, g, right).summed(toShape: leftShape))
                if let rightNode, let output {
                    // d(a/b)/db = −(a/b)/b
                    let contribution = compute(.divide, compute(.multiply, g, output), right)
                    rightNode.accumulate((-contribution).summed(toShape: rightShape))
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
            // Elementwise (gradient sums of whole weight matrices, for one): long ones split, the same for every thread count.
            WorkerPool.forEachRangeOnCurrent(of: layout.shape.elementCount) { range in
                for i in range { c[i] = f(a[i], b[i]) }
            }
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
        require(layout.shape == shape, "summed(toShape:): \(target) does not broadcast to \(shape)")
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

    /// This tensor repeated along the axes where `target` is longer (NumPy broadcasting), as a new tensor of
    /// shape `target`: the adjoint of `summed(toShape:)`, used to spread a reduction's gradient. One pass,
    /// no zero-filling. Not differentiable.
    func broadcasted(to target: Shape) -> Tensor {
        if target == shape { return detached() }
        let layout = BroadcastLayout(target, shape, operation: "broadcasted(to:)")
        require(layout.shape == target, "broadcasted(to:): \(shape) does not broadcast to \(target)")
        let result = Tensor(uninitializedShape: target, dtype: dtype)
        switch dtype {
        case .float32: Tensor.spreadKernel(pointer(Float.self), result.pointer(Float.self), layout)
        case .float64: Tensor.spreadKernel(pointer(Double.self), result.pointer(Double.self), layout)
        }
        return result
    }

    private static func spreadKernel<T: KernelScalar>(_ source: UnsafePointer<T>, _ target: UnsafeMutablePointer<T>, _ layout: BroadcastLayout) {
        let n = layout.extents[3], stride = layout.rightStrides[3]
        layout.forEachRow { _, from, to in
            if stride == 1 { (target + to).update(from: source + from, count: n) }
            else { (target + to).update(repeating: source[from], count: n) }
        }
    }

    /// Adds `other` (same shape and type) into this tensor's storage (not differentiable).
    mutating func addInPlace(_ other: Tensor) {
        require(shape == other.shape && dtype == other.dtype, "addInPlace: \(shape) \(dtype) and \(other.shape) \(other.dtype)")
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
