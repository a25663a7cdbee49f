import Foundation
import Testing
import Tensors

/// The pool runs every part exactly once, on several threads, and handles busy and nested regions.
struct WorkerPoolTests {
    /// One counter per part, incremented by whichever thread runs it.
    final class Counters: @unchecked Sendable {  // each part writes only its own slot
        var values: [Int]
        init(_ count: Int) { values = [Int](repeating: 0, count: count) }
    }

    @Test(arguments: [1, 2, 3])
    func everyPartRunsOnce(threads: Int) {
        let pool = WorkerPool(threadCount: threads)
        for parts in [0, 1, 2, 7, 100] {
            let counters = Counters(parts)
            counters.values.withUnsafeMutableBufferPointer { slots in
                pool.run(parts: parts) { slots[$0] += 1 }
            }
            #expect(counters.values == [Int](repeating: 1, count: parts))
        }
    }

    @Test func nestedRegionsRunSerially() {
        let pool = WorkerPool(threadCount: 2)
        let counters = Counters(16)
        counters.values.withUnsafeMutableBufferPointer { slots in
            pool.run(parts: 4) { outer in pool.run(parts: 4) { inner in slots[outer * 4 + inner] += 1 } }
        }
        #expect(counters.values == [Int](repeating: 1, count: 16))
    }

    @Test func helpersTakePartsWhenTheWorkIsLong() {
        let pool = WorkerPool(threadCount: 2, spinSeconds: 0.05)
        var helped = false
        // Each region takes 40 ms of the caller's time, so a helper that wakes within it takes parts.
        for _ in 0..<20 where !helped {
            let threads = Counters(8)
            threads.values.withUnsafeMutableBufferPointer { slots in
                pool.run(parts: 8) { part in
                    let start = ContinuousClock.now
                    while ContinuousClock.now - start < .milliseconds(5) {}
                    slots[part] = Int(bitPattern: UInt(pthread_self()))
                }
            }
            helped = Set(threads.values).count > 1
        }
        #expect(helped)
    }
}
