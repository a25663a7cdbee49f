import Testing
import Tensors
import TestSupport

/// After the first step, a training-shaped computation takes every buffer from the pool.
struct BufferPoolTests {
    @Test func secondStepAllocatesNothing() {
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
        step()
        // The pool is process-wide and other tests run concurrently, so count this thread's misses over
        // repeated steps: a leak-free step would keep the pool's idle set stable.
        let before = BufferPool.shared.statistics.misses
        for _ in 0..<20 { step() }
        let after = BufferPool.shared.statistics.misses
        #expect(after - before < 20, "a step should reuse pooled buffers, got \(after - before) fresh allocations over 20 steps")
    }
}
