import Testing
import Tensors
import Networks

/// Adam splits a large parameter's update over the threads; every element's update is its own, so the parameters
/// and moments are bit for bit those of one thread, and the split ranges together cover every element.
struct AdamThreadsTests {
    static func run(threads: Int) -> [[Float]] {
        var generator = SplitMix64(seed: 21)
        // 3 · 2¹⁵ + 5 elements: split on 2 and 3 threads, with a range that does not end on a cache line.
        let parameter = Parameter(name: "w", value: Tensor.randomNormal(shape: [3 * 32_768 + 5], using: &generator))
        let small = Parameter(name: "b", value: Tensor.randomNormal(shape: [7], using: &generator))
        let adam = Adam(parameters: [parameter, small], learningRate: 0.01)
        let gradients = (0..<3).map { _ in [Tensor.randomNormal(shape: parameter.shape, using: &generator), Tensor.randomNormal(shape: small.shape, using: &generator)] }
        WorkerPool(threadCount: threads).withCurrent {
            for step in gradients { adam.update(with: step) }
        }
        return [parameter.value.scalars, small.value.scalars, adam.firstMoments[0].scalars, adam.secondMoments[0].scalars]
    }

    @Test func sameUpdateForEveryThreadCount() {
        let serial = Self.run(threads: 1)
        #expect(Self.run(threads: 2) == serial)
        #expect(Self.run(threads: 3) == serial)
    }

    @Test func everyElementMoves() {
        var generator = SplitMix64(seed: 21)
        let initial = Tensor.randomNormal(shape: [3 * 32_768 + 5], using: &generator).scalars
        let updated = Self.run(threads: 3)[0]
        // Adam's first step moves each element by about the learning rate; a range left out would not move at all.
        #expect(zip(initial, updated).allSatisfy { $0 != $1 })
    }
}
