// MARK: - Copying elements to and from a flat buffer without intermediate arrays

extension Tensor {
    /// Writes the elements (converted to `Float` if the tensor is `float64`) in row-major order to
    /// `destination`, which must hold `elementCount` values: how a data-parallel step packs its gradients into
    /// one all-reduce buffer with a single copy.
    public func copyScalars(to destination: UnsafeMutablePointer<Float>) {
        switch dtype {
        case .float32: destination.update(from: pointer(Float.self), count: elementCount)
        case .float64: for index in 0..<elementCount { destination[index] = Float(pointer(Double.self)[index]) }
        }
    }

    /// A `float32` tensor of `shape` holding the `shape.elementCount` values at `source`, row-major.
    public init(shape: Shape, copyingScalarsFrom source: UnsafePointer<Float>) {
        self.init(uninitializedShape: shape, dtype: .float32)
        pointer(Float.self).update(from: source, count: shape.elementCount)
    }
}
