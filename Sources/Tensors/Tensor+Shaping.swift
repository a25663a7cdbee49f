// MARK: - Shaping: reshape, column slices and concatenation, column gathers, row repetition, transpose

extension Tensor {
    /// The same elements under another shape with the same element count (shares storage).
    public func reshaped(to newShape: Shape) -> Tensor {
        require(newShape.elementCount == elementCount, "reshaped(to:): cannot view \(shape) as \(newShape)")
        let result = Tensor(shape: newShape, dtype: dtype, storage: storage)
        guard let inputs = Tensor.recordedInputs(self) else { return result }
        let original = shape
        return result.recorded(from: inputs) { [node] g in node?.accumulate(Tensor(shape: original, dtype: g.dtype, storage: g.storage)) }
    }

    /// The columns `range` of the last axis (`x[..., range]`).
    public func slicingColumns(_ range: Range<Int>) -> Tensor {
        require(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape.lastExtent,
                     "slicingColumns: columns \(range) out of range for shape \(shape)")
        let columns = Array(range)
        return gatheringColumns(columns)
    }

    /// The columns `indices` of the last axis, in that order (a permutation when `indices` is one).
    /// The gradient is scattered back (and summed where an index repeats).
    public func gatheringColumns(_ indices: [Int]) -> Tensor {
        let width = shape.lastExtent, rows = elementCount / Swift.max(width, 1)
        require(rank >= 1 && indices.allSatisfy { $0 >= 0 && $0 < width }, "gatheringColumns: an index is out of range for shape \(shape)")
        let result = Tensor(uninitializedShape: shape.replacingLast(with: indices.count), dtype: dtype)
        switch dtype {
        case .float32: Tensor.gatherKernel(pointer(Float.self), result.pointer(Float.self), rows, width, indices)
        case .float64: Tensor.gatherKernel(pointer(Double.self), result.pointer(Double.self), rows, width, indices)
        }
        guard let inputs = Tensor.recordedInputs(self) else { return result }
        let inputShape = shape
        return result.recorded(from: inputs) { [node] g in
            let spread = Tensor(zeros: inputShape, dtype: g.dtype)
            switch g.dtype {
            case .float32: Tensor.scatterKernel(g.pointer(Float.self), spread.pointer(Float.self), rows, width, indices)
            case .float64: Tensor.scatterKernel(g.pointer(Double.self), spread.pointer(Double.self), rows, width, indices)
            }
            node?.accumulate(spread)
        }
    }

    private static func gatherKernel<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ rows: Int, _ width: Int, _ indices: [Int]) {
        let count = indices.count
        indices.withUnsafeBufferPointer { index in
            // A contiguous range of at least 32 columns is copied row by row with memmove; narrower ones (the heads
            // of a flow network's output, 1–43 columns) go through the indexed loop below, since a library call per
            // row costs more than copying a few elements.
            if let first = index.first, index.last == first + count - 1, count >= 32 {
                for r in 0..<rows { (y + r * count).update(from: x + r * width + first, count: count) }
                return
            }
            for r in 0..<rows {
                let source = x + r * width, target = y + r * count
                for j in 0..<count { target[j] = source[index[j]] }
            }
        }
    }

    private static func scatterKernel<T: KernelScalar>(_ g: UnsafePointer<T>, _ x: UnsafeMutablePointer<T>, _ rows: Int, _ width: Int, _ indices: [Int]) {
        let count = indices.count
        indices.withUnsafeBufferPointer { index in
            for r in 0..<rows {
                let source = g + r * count, target = x + r * width
                for j in 0..<count { target[index[j]] += source[j] }
            }
        }
    }

    /// Joins tensors along the last axis; all other extents and the element type must agree.
    public static func concatenatingColumns(_ parts: [Tensor]) -> Tensor {
        require(!parts.isEmpty, "concatenatingColumns: nothing to join")
        return concatenating(parts, alongAxis: parts[0].rank - 1)
    }

    /// Each row (first-axis slice) repeated `times` times in place: rows a, b become a, a, …, b, b, …
    /// (`repeat_interleave`), so `times` importance samples of one point sit together.
    public func repeatingRows(_ times: Int) -> Tensor {
        require(rank >= 1 && times >= 1, "repeatingRows: needs rank ≥ 1 and times ≥ 1, got \(shape) and \(times)")
        var newShape = shape
        newShape[0] = shape[0] * times
        let result = Tensor(uninitializedShape: newShape, dtype: dtype)
        let rowBytes = (elementCount / Swift.max(shape[0], 1)) * dtype.byteCount
        for r in 0..<shape[0] {
            for k in 0..<times {
                (result.storage.pointer + (r * times + k) * rowBytes).copyMemory(from: storage.pointer + r * rowBytes, byteCount: rowBytes)
            }
        }
        guard let inputs = Tensor.recordedInputs(self) else { return result }
        let inputShape = shape
        return result.recorded(from: inputs) { [node] g in
            var grouped = inputShape.dimensions
            grouped.insert(times, at: 1)
            node?.accumulate(g.detached().reshaped(to: Shape(grouped)).detached().sum(alongAxis: 1).detached())
        }
    }

    /// The transpose of a matrix (materialised; matrix products take transpose flags instead).
    public func transposed() -> Tensor {
        require(rank == 2, "transposed: needs a matrix, shape is \(shape)")
        let rows = shape[0], columns = shape[1]
        let result = Tensor(uninitializedShape: [columns, rows], dtype: dtype)
        switch dtype {
        case .float32: Tensor.transposeKernel(pointer(Float.self), result.pointer(Float.self), rows, columns)
        case .float64: Tensor.transposeKernel(pointer(Double.self), result.pointer(Double.self), rows, columns)
        }
        guard let inputs = Tensor.recordedInputs(self) else { return result }
        return result.recorded(from: inputs) { [node] g in node?.accumulate(g.detached().transposed()) }
    }

    private static func transposeKernel<T: KernelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ rows: Int, _ columns: Int) {
        for r in 0..<rows { for c in 0..<columns { y[c * rows + r] = x[r * columns + c] } }
    }
}

extension Tensor {
    /// The rows `range` of the first axis, as a constant copy (for batching data; not differentiable).
    public func gatheringRows(_ range: Range<Int>) -> Tensor {
        require(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0], "gatheringRows: rows \(range) out of range for shape \(shape)")
        var newShape = shape
        newShape[0] = range.count
        let result = Tensor(uninitializedShape: newShape, dtype: dtype)
        let rowBytes = (elementCount / Swift.max(shape[0], 1)) * dtype.byteCount
        result.storage.pointer.copyMemory(from: storage.pointer + range.lowerBound * rowBytes, byteCount: range.count * rowBytes)
        return result
    }

    /// The rows at `indices` of the first axis, in that order, as a constant copy (minibatches).
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        var newShape = shape
        newShape[0] = indices.count
        let result = Tensor(uninitializedShape: newShape, dtype: dtype)
        let rowBytes = (elementCount / Swift.max(shape[0], 1)) * dtype.byteCount
        for (position, row) in indices.enumerated() {
            require(row >= 0 && row < shape[0], "gatheringRows: row \(row) out of range for shape \(shape)")
            (result.storage.pointer + position * rowBytes).copyMemory(from: storage.pointer + row * rowBytes, byteCount: rowBytes)
        }
        return result
    }
}
