/// The element buffer behind a tensor: contiguous, row-major, 64-byte aligned, taken from and returned to
/// `BufferPool.shared`.
///
/// Tensors share storage until one of them writes (copy-on-write, checked with
/// `isKnownUniquelyReferenced`).
final class TensorStorage {
    let pointer: UnsafeMutableRawPointer
    let byteCount: Int

    /// An uninitialised buffer for `count` elements of `dtype`.
    init(count: Int, dtype: DType) {
        byteCount = count * dtype.byteCount
        pointer = BufferPool.shared.checkout(byteCount: byteCount)
    }

    deinit { BufferPool.shared.recycle(pointer, byteCount: byteCount) }

    @inline(__always) func floats() -> UnsafeMutablePointer<Float> { pointer.assumingMemoryBound(to: Float.self) }
    @inline(__always) func doubles() -> UnsafeMutablePointer<Double> { pointer.assumingMemoryBound(to: Double.self) }
}
