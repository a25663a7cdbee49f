import Foundation

/// A size-bucketed pool of aligned element buffers.
///
/// A training step recreates tensors of the same sizes every time, so after the first step every buffer
/// comes from the pool and no step calls `malloc` for tensor data. The pool is shared by all threads
/// (guarded by a lock, ~25 ns per checkout) and caps what it keeps idle.
public final class BufferPool: @unchecked Sendable {
    /// The process-wide pool used by every `TensorStorage`.
    public static let shared = BufferPool(maximumIdleBytes: 2 << 30)

    /// Counters describing the pool's traffic since the last `resetStatistics()`.
    public struct Statistics: Sendable, Equatable {
        /// Buffers handed out.
        public var checkouts = 0
        /// Checkouts that had to allocate fresh memory.
        public var misses = 0
        /// Bytes currently handed out.
        public var bytesInUse = 0
        /// The largest `bytesInUse` seen.
        public var peakBytesInUse = 0
    }

    private let alignment = 64
    private let maximumIdleBytes: Int
    private var idle: [Int: [UnsafeMutableRawPointer]] = [:]
    private var idleBytes = 0
    private var counters = Statistics()
    private let lock = NSLock()

    init(maximumIdleBytes: Int) { self.maximumIdleBytes = maximumIdleBytes }

    /// The traffic counters.
    public var statistics: Statistics { lock.withLock { counters } }

    /// Zeroes the counters (the peak restarts from the bytes now in use).
    public func resetStatistics() {
        lock.withLock {
            counters = Statistics(checkouts: 0, misses: 0, bytesInUse: counters.bytesInUse, peakBytesInUse: counters.bytesInUse)
        }
    }

    /// Releases every idle buffer to the system.
    public func drain() {
        lock.withLock {
            for (_, buffers) in idle { buffers.forEach { $0.deallocate() } }
            idle.removeAll()
            idleBytes = 0
        }
    }

    func checkout(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = max(byteCount, alignment)
        let reused: UnsafeMutableRawPointer? = lock.withLock {
            counters.checkouts += 1
            counters.bytesInUse += size
            counters.peakBytesInUse = max(counters.peakBytesInUse, counters.bytesInUse)
            if let buffer = idle[size]?.popLast() {
                idleBytes -= size
                return buffer
            }
            counters.misses += 1
            return nil
        }
        return reused ?? UnsafeMutableRawPointer.allocate(byteCount: size, alignment: alignment)
    }

    func recycle(_ buffer: UnsafeMutableRawPointer, byteCount: Int) {
        let size = max(byteCount, alignment)
        let kept: Bool = lock.withLock {
            counters.bytesInUse -= size
            guard idleBytes + size <= maximumIdleBytes else { return false }
            idle[size, default: []].append(buffer)
            idleBytes += size
            return true
        }
        if !kept { buffer.deallocate() }
    }
}
