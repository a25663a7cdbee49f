/// The element buffer behind a tensor: contiguous, row-major, 64-byte aligned, taken from and returned to
/// the task's current pool (`BufferPool.shared` unless scoped by `BufferPool.withPool`).
///
/// Tensors share storage until one of them writes (copy-on-write, checked with
/// `isKnownUniquelyReferenced`).
final class TensorStorage {
    let pointer: UnsafeMutableRawPointer
    let byteCount: Int
    /// Where the buffer goes back to; kept because the storage may die on another task than it was born on.
    private let pool: BufferPool

    /// An uninitialised buffer for `count` elements of `dtype`.
    init(count: Int, dtype: DType) {
        byteCount = count * dtype.byteCount
        pool = BufferPool.current
        pointer = pool.checkout(byteCount: byteCount)
    }

    deinit { pool.recycle(pointer, byteCount: byteCount) }

    @inline(__always) func floats() -> UnsafeMutablePointer<Float> { pointer.assumingMemoryBound(to: Float.self) }
    @inline(__always) func doubles() -> UnsafeMutablePointer<Double> { pointer.assumingMemoryBound(to: Double.self) }
}
