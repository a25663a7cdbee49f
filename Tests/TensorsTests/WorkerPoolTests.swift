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

    /// A part the caller takes waits until some other thread has run a part: only a helper can, since the caller is
    /// busy, so the region ends only if a helper joins it, whenever it wakes (an event, not a deadline; the time limit
    /// only turns a pool that never lets a helper in from a hang into a failure).
    @Test(.timeLimit(.minutes(1))) func aHelperTakesPartsWhileTheCallerIsBusy() {
        let pool = WorkerPool(threadCount: 2)
        let caller = pthread_self()
        let helperRanAPart = DispatchSemaphore(value: 0)
        let threads = Counters(8)
        threads.values.withUnsafeMutableBufferPointer { slots in
            pool.run(parts: 8) { part in
                if pthread_equal(pthread_self(), caller) != 0 {
                    helperRanAPart.wait()
                    helperRanAPart.signal()   // every later part of the caller's passes at once
                } else {
                    helperRanAPart.signal()
                }
                slots[part] = Int(bitPattern: UInt(pthread_self()))
            }
        }
        let callerID = Int(bitPattern: UInt(caller))
        #expect(!threads.values.contains(0) && threads.values.contains { $0 != callerID })
    }
}
