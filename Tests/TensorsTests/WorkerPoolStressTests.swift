import Foundation
import Testing
import Tensors

/// The pool under load: many tiny regions, nested use across pools, more workers than cores, and several threads
/// using one pool at once. Every part must run exactly once and every call must return.
struct WorkerPoolStressTests {
    /// One slot per part, written by whichever thread runs it.
    final class Slots: @unchecked Sendable {  // each part writes only its own slot
        var values: [Int]
        init(_ count: Int) { values = [Int](repeating: 0, count: count) }
    }

    @Test func manySmallRegionsRunEveryPartOnce() {
        let pool = WorkerPool(threadCount: 2)
        let slots = Slots(5)
        slots.values.withUnsafeMutableBufferPointer { values in
            for _ in 0..<20_000 { pool.run(parts: 5) { values[$0] += 1 } }
        }
        #expect(slots.values == [Int](repeating: 20_000, count: 5))
    }

    @Test func moreWorkersThanCoresStillFinish() {
        let workers = ProcessInfo.processInfo.activeProcessorCount * 3 + 1
        let pool = WorkerPool(threadCount: workers)
        #expect(pool.threadCount == workers)
        let slots = Slots(97)
        slots.values.withUnsafeMutableBufferPointer { values in
            for _ in 0..<200 { pool.run(parts: 97) { values[$0] += 1 } }
        }
        #expect(slots.values == [Int](repeating: 200, count: 97))
    }

    /// Inside a part `WorkerPool.current` is the serial pool, on the caller and on helpers alike, whichever pool the
    /// region runs on; so a product inside a part does not split again.
    @Test func partsSeeTheSerialPool() {
        let pool = WorkerPool(threadCount: 3, spinSeconds: 0.01)
        let slots = Slots(64)
        slots.values.withUnsafeMutableBufferPointer { values in
            pool.withCurrent {
                #expect(WorkerPool.current === pool)
                pool.run(parts: 64) { part in
                    values[part] = WorkerPool.current === WorkerPool.serial ? 1 : 2
                    // A nested region on another pool runs here, on this thread, all of its parts.
                    let other = WorkerPool(threadCount: 2)
                    var inner = 0
                    WorkerPool.current.run(parts: 3) { _ in inner += 1 }
                    withExtendedLifetime(other) {}
                    values[part] += inner == 3 ? 0 : 10
                }
                #expect(WorkerPool.current === pool)
            }
        }
        #expect(slots.values == [Int](repeating: 1, count: 64))
    }

    /// Four threads share one pool: one holds the region at a time, the others run their parts themselves.
    @Test func concurrentCallersOnOnePool() async {
        let pool = WorkerPool(threadCount: 2)
        let totals = await withTaskGroup(of: Int.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    let slots = Slots(16)
                    slots.values.withUnsafeMutableBufferPointer { values in
                        for _ in 0..<500 { pool.run(parts: 16) { values[$0] += caller + 1 } }
                    }
                    return slots.values.allSatisfy { $0 == 500 * (caller + 1) } ? 1 : 0
                }
            }
            return await group.reduce(0, +)
        }
        #expect(totals == 4)
    }

    /// Ranges cover 0..<count once, start on the alignment, and are one per thread only for long passes.
    @Test(arguments: [1, 2, 3])
    func rangesCoverEveryIndexOnce(threads: Int) {
        let pool = WorkerPool(threadCount: threads)
        let lock = NSLock()
        for count in [0, 1, 100, WorkerPool.minimumRangeLength * 2 - 1, WorkerPool.minimumRangeLength * 3 + 17] {
            let slots = Slots(count)
            var ranges: [Range<Int>] = []
            slots.values.withUnsafeMutableBufferPointer { values in
                pool.forEachRange(of: count) { range in
                    lock.withLock { ranges.append(range) }
                    for index in range { values[index] += 1 }
                }
            }
            #expect(slots.values.allSatisfy { $0 == 1 }, "count \(count), \(threads) threads")
            #expect(ranges.allSatisfy { $0.lowerBound % 16 == 0 }, "\(ranges)")
            let expected = count == 0 ? 0 : max(1, min(threads, count / WorkerPool.minimumRangeLength))
            #expect(ranges.count == expected, "count \(count), \(threads) threads: \(ranges)")
        }
    }
}
