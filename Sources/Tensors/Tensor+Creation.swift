import Foundation

// MARK: - Creating tensors and reading their elements

extension Tensor {
    /// A `float32` tensor holding `scalars` in row-major order.
    /// - Precondition: `scalars.count == shape.elementCount`.
    public init(shape: Shape, scalars: [Float]) {
        require(scalars.count == shape.elementCount, "Tensor(shape:scalars:): shape \(shape) needs \(shape.elementCount) values, got \(scalars.count)")
        self.init(uninitializedShape: shape, dtype: .float32)
        scalars.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer(Float.self).update(from: base, count: scalars.count) }
        }
    }

    /// A `float64` tensor holding `doubles` in row-major order.
    /// - Precondition: `doubles.count == shape.elementCount`.
    public init(shape: Shape, doubles: [Double]) {
        require(doubles.count == shape.elementCount, "Tensor(shape:doubles:): shape \(shape) needs \(shape.elementCount) values, got \(doubles.count)")
        self.init(uninitializedShape: shape, dtype: .float64)
        doubles.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer(Double.self).update(from: base, count: doubles.count) }
        }
    }

    /// A tensor of `dtype` holding `values` (converted) in row-major order.
    public init(shape: Shape, values: [Double], dtype: DType) {
        switch dtype {
        case .float32: self.init(shape: shape, scalars: values.map { Float($0) })
        case .float64: self.init(shape: shape, doubles: values)
        }
    }

    /// A tensor with every element equal to `value`.
    public init(repeating value: Double, shape: Shape, dtype: DType = .float32) {
        self.init(uninitializedShape: shape, dtype: dtype)
        switch dtype {
        case .float32: pointer(Float.self).update(repeating: Float(value), count: elementCount)
        case .float64: pointer(Double.self).update(repeating: value, count: elementCount)
        }
    }

    /// A tensor of zeros.
    public init(zeros shape: Shape, dtype: DType = .float32) { self.init(repeating: 0, shape: shape, dtype: dtype) }

    /// A rank-0 tensor.
    public init(scalar value: Double, dtype: DType = .float32) { self.init(repeating: value, shape: .scalar, dtype: dtype) }

    /// The elements as `Float`s in row-major order (converted if the tensor is `float64`).
    public var scalars: [Float] {
        switch dtype {
        case .float32: return Array(UnsafeBufferPointer(start: pointer(Float.self), count: elementCount))
        case .float64: return UnsafeBufferPointer(start: pointer(Double.self), count: elementCount).map { Float($0) }
        }
    }

    /// The elements as `Double`s in row-major order (converted if the tensor is `float32`).
    public var doubles: [Double] {
        switch dtype {
        case .float32: return UnsafeBufferPointer(start: pointer(Float.self), count: elementCount).map { Double($0) }
        case .float64: return Array(UnsafeBufferPointer(start: pointer(Double.self), count: elementCount))
        }
    }

    /// The value of a one-element tensor.
    public var item: Double {
        require(elementCount == 1, "Tensor.item: needs exactly one element, shape is \(shape)")
        return self[flat: 0]
    }

    /// The element at a row-major position, as a `Double`.
    public subscript(flat index: Int) -> Double {
        require(index >= 0 && index < elementCount, "Tensor[flat:]: index \(index) out of range for shape \(shape)")
        switch dtype {
        case .float32: return Double(pointer(Float.self)[index])
        case .float64: return pointer(Double.self)[index]
        }
    }

    /// The element at `[row, column]` of a rank-2 tensor, as a `Double`.
    public subscript(row: Int, column: Int) -> Double {
        require(rank == 2 && row >= 0 && row < shape[0] && column >= 0 && column < shape[1],
                     "Tensor[row, column]: [\(row), \(column)] out of range for shape \(shape)")
        return self[flat: row * shape[1] + column]
    }

    /// The same values in another precision. Converting to the tensor's own precision returns it unchanged
    /// (still connected to the autodiff graph); a real conversion gives a constant.
    public func converted(to target: DType) -> Tensor {
        if target == dtype { return self }
        var result = Tensor(uninitializedShape: shape, dtype: target)
        switch (dtype, target) {
        case (.float32, .float64):
            let source = pointer(Float.self), destination = result.pointer(Double.self)
            for index in 0..<elementCount { destination[index] = Double(source[index]) }
        default:
            let source = pointer(Double.self), destination = result.pointer(Float.self)
            for index in 0..<elementCount { destination[index] = Float(source[index]) }
        }
        result.node = nil
        return result
    }

    /// Whether every element is finite (no NaN or infinity).
    public var isFinite: Bool {
        switch dtype {
        case .float32:
            let values = pointer(Float.self)
            var accumulator: Float = 0
            for index in 0..<elementCount { accumulator += values[index] * 0 }
            return accumulator == 0
        case .float64:
            let values = pointer(Double.self)
            var accumulator: Double = 0
            for index in 0..<elementCount { accumulator += values[index] * 0 }
            return accumulator == 0
        }
    }

    // MARK: Raw access for kernels in other modules

    /// Calls `body` with the `float32` elements for reading. - Precondition: `dtype == .float32`.
    public func withUnsafeFloats<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        require(dtype == .float32, "withUnsafeFloats: tensor is \(dtype)")
        return try body(UnsafeBufferPointer(start: pointer(Float.self), count: elementCount))
    }

    /// Calls `body` with the `float64` elements for reading. - Precondition: `dtype == .float64`.
    public func withUnsafeDoubles<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        require(dtype == .float64, "withUnsafeDoubles: tensor is \(dtype)")
        return try body(UnsafeBufferPointer(start: pointer(Double.self), count: elementCount))
    }

    /// Calls `body` with the `float32` elements for writing in place (copying first if the storage is shared).
    public mutating func withUnsafeMutableFloats<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        require(dtype == .float32, "withUnsafeMutableFloats: tensor is \(dtype)")
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: pointer(Float.self), count: elementCount))
    }

    /// Calls `body` with the `float64` elements for writing in place (copying first if the storage is shared).
    public mutating func withUnsafeMutableDoubles<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        require(dtype == .float64, "withUnsafeMutableDoubles: tensor is \(dtype)")
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: pointer(Double.self), count: elementCount))
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let values = doubles.prefix(12).map { String(format: "%.6g", $0) }.joined(separator: ", ")
        return "Tensor<\(dtype.rawValue)>\(shape)[\(values)\(elementCount > 12 ? ", …" : "")]"
    }
}
