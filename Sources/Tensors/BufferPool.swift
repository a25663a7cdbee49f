import Foundation

/// A size-bucketed pool of aligned element buffers.
///
/// A training step recreates tensors of the same sizes every time, so after the first step every buffer
/// comes from the pool and no step calls `malloc` for tensor data. The pool is shared by all threads
/// (guarded by a lock, ~25 ns per checkout) and caps what it keeps idle: at most its idle limit, or the most bytes
/// it ever had handed out at once, whichever is larger. The second bound lets a computation whose working set
/// exceeds the limit (an image flow's training step holds about 3 GB of activations at its peak) find every buffer
/// in the pool again on its next step, instead of returning memory to the system and faulting fresh zeroed pages
/// back in: that page clearing took 15% of a RealNVP(8) step's CPU time. Idle buffers never exceed what the
/// computation itself once held, so the footprint stays that of its largest step.
package final class BufferPool: @unchecked Sendable {   // every mutable property is read and written under `lock`
    /// The process-wide pool used by every `TensorStorage` outside `withPool(_:_:)`.
    package static let shared = BufferPool(maximumIdleBytes: 2 << 30)

    /// The pool that new tensor storage comes from in the current task: `shared` unless a caller scoped
    /// another one with `withPool(_:_:)`.
    @TaskLocal static var scoped: BufferPool?

    /// The pool new `TensorStorage` is checked out from on this task.
    static var current: BufferPool { scoped ?? shared }

    /// Runs `body` with every new tensor's storage taken from (and returned to) `pool`, so that its
    /// statistics count only this work, whatever other threads do with the shared pool meanwhile.
    ///
    /// Storage remembers its pool, so tensors that outlive the scope still go back where they came from.
    package static func withPool<Result>(_ pool: BufferPool, _ body: () throws -> Result) rethrows -> Result {
        try $scoped.withValue(pool, operation: body)
    }

    /// A pool of its own (for example to measure one computation's traffic) that keeps at most
    /// `maximumIdleBytes` of idle buffers.
    package convenience init(idleLimit maximumIdleBytes: Int) { self.init(maximumIdleBytes: maximumIdleBytes) }

    /// Counters describing the pool's traffic since the last `resetStatistics()`.
    package struct Statistics: Sendable, Equatable {
        /// Buffers handed out.
        package var checkouts = 0
        /// Checkouts that had to allocate fresh memory.
        package var misses = 0
        /// Bytes currently handed out.
        package var bytesInUse = 0
        /// The largest `bytesInUse` seen.
        package var peakBytesInUse = 0
    }

    private let alignment = 64
    private let maximumIdleBytes: Int
    private var idle: [Int: [UnsafeMutableRawPointer]] = [:]
    private var idleBytes = 0
    /// The most bytes ever handed out at once (never reset, unlike `counters.peakBytesInUse`).
    private var highWaterBytes = 0
    private var counters = Statistics()
    private let lock = NSLock()

    init(maximumIdleBytes: Int) { self.maximumIdleBytes = maximumIdleBytes }

    /// The traffic counters.
    package var statistics: Statistics { lock.withLock { counters } }

    /// Zeroes the counters (the peak restarts from the bytes now in use).
    package func resetStatistics() {
        lock.withLock {
            counters = Statistics(checkouts: 0, misses: 0, bytesInUse: counters.bytesInUse, peakBytesInUse: counters.bytesInUse)
        }
    }

    /// Releases every idle buffer to the system.
    package func drain() {
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
            highWaterBytes = max(highWaterBytes, counters.bytesInUse)
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
            guard idleBytes + size <= max(maximumIdleBytes, highWaterBytes) else { return false }
            idle[size, default: []].append(buffer)
            idleBytes += size
            return true
        }
        if !kept { buffer.deallocate() }
    }
}
