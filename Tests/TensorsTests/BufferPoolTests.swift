import Testing
import Tensors
import TestSupport

/// After the first step, a training-shaped computation takes every buffer from the pool.
struct BufferPoolTests {
    @Test func secondStepAllocatesNothing() {
        // A pool of this test's own: the shared pool's counters and idle buffers are changed by every suite
        // running concurrently (another thread can take the buffer this step just returned), so counting
        // there could fail for reasons that have nothing to do with this code.
        let pool = BufferPool(idleLimit: 64 << 20)
        BufferPool.withPool(pool) {
            var generator = testGenerator(3)
            let w = Tensor.randomNormal(shape: [16, 8], using: &generator).requiringGradient()
            let b = Tensor(zeros: [16]).requiringGradient()
            let x = Tensor.randomNormal(shape: [32, 8], using: &generator)
            func step() {
                let h = Tensor.linear(x, weight: w, bias: b).tanh()
                let loss = (h * h).mean() + h.logSumExp(alongAxis: 1).mean()
                _ = loss.gradients(withRespectTo: [w, b])
            }
            step()
            #expect(pool.statistics.misses > 0, "the first step's buffers should come from the scoped pool")
            step()
            pool.resetStatistics()
            for _ in 0..<20 { step() }
            let statistics = pool.statistics
            #expect(statistics.checkouts > 0)
            #expect(statistics.misses == 0, "a step should reuse pooled buffers, got \(statistics.misses) fresh allocations over 20 steps")
        }
    }

    @Test func aWorkingSetAboveTheIdleLimitIsStillKeptForTheNextStep() {
        // An idle limit far below one step's working set: the pool keeps up to its high-water mark instead.
        let pool = BufferPool(idleLimit: 1024)
        BufferPool.withPool(pool) {
            var generator = testGenerator(5)
            let w = Tensor.randomNormal(shape: [64, 32], using: &generator).requiringGradient()
            let x = Tensor.randomNormal(shape: [256, 32], using: &generator)
            func step() {
                let h = Tensor.linear(x, weight: w, bias: nil).tanh()
                _ = (h * h).mean().gradients(withRespectTo: [w])
            }
            step()
            #expect(pool.statistics.peakBytesInUse > 64 * 1024, "the step's working set should exceed the idle limit many times")
            step()
            pool.resetStatistics()
            for _ in 0..<5 { step() }
            #expect(pool.statistics.misses == 0, "buffers up to the high-water mark should be kept, got \(pool.statistics.misses) fresh allocations")
        }
        pool.drain()
    }

    @Test func storageReturnsToThePoolItCameFrom() {
        let pool = BufferPool(idleLimit: 64 << 20)
        do {
            let kept = BufferPool.withPool(pool) { Tensor(zeros: [1000]) }
            #expect(pool.statistics.bytesInUse >= 4000)
            withExtendedLifetime(kept) {}
        }
        #expect(pool.statistics.bytesInUse == 0, "a tensor released outside the scope must go back to its own pool")
    }
}
