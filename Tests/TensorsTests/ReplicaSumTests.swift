import Testing
import Tensors
import TestSupport

/// `summedOverReplicas`: the all-reduce as a differentiable operation, with replicas as threads.
struct ReplicaSumTests {
    /// Replica r holds x_r and weights c_r, forms y = Σ_s x_s and L_r = Σ c_r ⊙ y. The whole loss Σ_r L_r has
    /// ∂/∂x_r = Σ_s c_s: the backward rule must sum the replicas' incoming gradients.
    @Test func theSumAndItsGradientAreThoseOfTheWholeLoss() {
        let count = 3, length = 4
        let inputs = (0..<count).map { randomDoubles([length], seed: UInt64(10 + $0)).doubles }
        let weights = (0..<count).map { randomDoubles([length], seed: UInt64(20 + $0)).doubles }
        let results = ThreadReplicas.run(count: count) { replica, group in
            let x = Tensor(shape: [length], doubles: inputs[replica]).requiringGradient()
            let y = x.summedOverReplicas(group)
            let loss = (y * Tensor(shape: [length], doubles: weights[replica])).sum()
            return [y.doubles, loss.gradients(withRespectTo: [x])[0].doubles]
        }
        let sum = { (arrays: [[Double]]) in (0..<length).map { i in arrays.reduce(0) { $0 + $1[i] } } }
        for result in results {
            #expect(isApproximatelyEqual(result[0], sum(inputs), tolerance: 1e-14))
            #expect(isApproximatelyEqual(result[1], sum(weights), tolerance: 1e-14))
        }
    }

    @Test func withoutRecordingNoGradientIsKept() {
        let results = ThreadReplicas.run(count: 2) { replica, group in
            withoutGradientRecording {
                Tensor(shape: [2], doubles: [1, Double(replica)]).requiringGradient().summedOverReplicas(group).requiresGradient
            }
        }
        #expect(results == [false, false])
    }
}
