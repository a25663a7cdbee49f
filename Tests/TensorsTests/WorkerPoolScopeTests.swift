import Testing
import Tensors

/// `runInCallersScope` gives every part, on whichever thread runs it, the caller's task-local scope.
struct WorkerPoolScopeTests {
    /// One slot per part, written by whichever thread runs it.
    final class Slots<Value>: @unchecked Sendable {  // each part writes only its own slot
        var values: [Value]
        init(_ value: Value, count: Int) { values = [Value](repeating: value, count: count) }
    }

    @Test(arguments: [1, 2, 3])
    func partsSeeTheCallersRecordingAndBufferPool(threads: Int) {
        let pool = WorkerPool(threadCount: threads)
        let buffers = BufferPool(idleLimit: 1 << 20)
        let parts = 48
        let recording = Slots(true, count: parts), sums = Slots(0.0, count: parts)
        let parameter = Tensor(repeating: 1, shape: [64]).requiringGradient()
        withoutGradientRecording {
            BufferPool.withPool(buffers) {
                recording.values.withUnsafeMutableBufferPointer { recorded in
                    sums.values.withUnsafeMutableBufferPointer { summed in
                        pool.runInCallersScope(parts: parts) { part in
                            // Enough work per part that helpers, once awake, take some of the parts.
                            var y = parameter
                            for _ in 0..<200 { y = (y * 1.0001).tanh() }
                            recorded[part] = GradientRecording.isActive
                            summed[part] = y.sum().item + Double(part)
                        }
                    }
                }
            }
        }
        #expect(recording.values == [Bool](repeating: false, count: parts))
        let serial = (parameter * 1.0001).tanh()
        #expect(sums.values[0] > 0 && sums.values[0] < serial.sum().item)
        #expect(zip(sums.values, sums.values.dropFirst()).allSatisfy { abs($1 - $0 - 1) < 1e-9 })
        // Every tensor the parts made came from (and went back to) the caller's pool, not the shared one.
        #expect(buffers.statistics.checkouts >= parts * 200)
        #expect(buffers.statistics.bytesInUse == 0)
    }
}
