// MARK: - Elementwise passes split into ranges

extension WorkerPool {
    /// Elements an elementwise pass must have per thread before it is split: below this a region's cost (~1–2 µs,
    /// more when a helper has gone to sleep) is not repaid. 2¹⁵ floats take 5–30 µs to map on one core.
    public static let minimumRangeLength = 1 << 15

    /// Calls `body` on consecutive ranges that together cover `0..<count`, as parts of one region: one range (on the
    /// calling thread) when `count` is below `minimumLength` per thread, otherwise one per thread, each starting at a
    /// multiple of `alignment` (16 floats: a cache line, so that no two threads write the same line). `body` must only
    /// touch its range's outputs; then the result does not depend on the thread count.
    public func forEachRange(of count: Int, minimumLength: Int = WorkerPool.minimumRangeLength, alignment: Int = 16,
                             _ body: (Range<Int>) -> Void) {
        let parts = Swift.min(threadCount, count / Swift.max(minimumLength, 1))
        guard parts > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        let step = ((count + parts - 1) / parts + alignment - 1) / alignment * alignment
        run(parts: (count + step - 1) / step) { part in
            let start = part * step
            body(start..<Swift.min(count, start + step))
        }
    }

    /// `forEachRange` on `WorkerPool.current` over `count` items of `itemLength` elements each (rows of a matrix, or
    /// single elements), which it reads only when there are enough elements to split on two threads (the many short
    /// tensors of a step then pay one comparison).
    @inline(__always)
    public static func forEachRangeOnCurrent(of count: Int, itemLength: Int = 1, alignment: Int = 16, _ body: (Range<Int>) -> Void) {
        guard count * itemLength >= 2 * minimumRangeLength else {
            if count > 0 { body(0..<count) }
            return
        }
        let minimumItems = (minimumRangeLength + itemLength - 1) / Swift.max(itemLength, 1)
        current.forEachRange(of: count, minimumLength: minimumItems, alignment: alignment, body)
    }
}
