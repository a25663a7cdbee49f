import Tensors

/// The processes that train one model together, as the `Trainer` sees them at the few points where data
/// parallelism changes a step: this process alone (`SingleReplica`, the default, which changes nothing), or the
/// ranks of an MPI job that each hold the whole model and split every batch (`ProcessGroupReplicas`).
///
/// Every method is collective: each replica calls it at the same point of the same step.
package protocol TrainingReplicas: AnyObject {
    /// Whether this process validates, logs and writes the run folder (rank 0).
    var isLeader: Bool { get }
    /// This replica's rows of a batch, given as training-row indices that are the same on every replica.
    func localRows(of batch: ArraySlice<Int>) -> [Int]
    /// The objective to differentiate on this replica: `body` (the mean objective of this replica's rows, drawing
    /// from the generator it is given) weighted so that the replicas' gradients sum to the whole batch's.
    /// - Parameters:
    ///   - step: the step's number within the epoch.
    ///   - generator: the run's shared stream (shuffling), identical on every replica.
    func objective(step: Int, generator: inout SplitMix64, _ body: (inout SplitMix64) throws -> Tensor) throws -> Tensor
    /// Sums the weighted objectives and the gradients over the replicas (one fused all-reduce); returns the whole
    /// batch's mean objective, and leaves every replica with the same gradients.
    func sum(objective: Double, gradients: inout [Tensor]) throws -> Double
    /// The leader's validation estimate (`nil`: not finite) on every replica, and the leader's generator, which
    /// its validation draws advanced, so that the shared stream stays shared.
    func leaderValidation(_ estimate: Double?, generator: inout SplitMix64) throws -> Double?
    /// The leader's yes or no (stop after this epoch) on every replica.
    func leaderDecision(_ decision: Bool) throws -> Bool
}

/// One process with the whole batch: each method is the identity, so training is exactly the ordinary one.
package final class SingleReplica: TrainingReplicas {
    package init() {}
    package var isLeader: Bool { true }
    package func localRows(of batch: ArraySlice<Int>) -> [Int] { Array(batch) }
    package func objective(step: Int, generator: inout SplitMix64, _ body: (inout SplitMix64) throws -> Tensor) throws -> Tensor {
        try body(&generator)
    }
    package func sum(objective: Double, gradients: inout [Tensor]) throws -> Double { objective }
    package func leaderValidation(_ estimate: Double?, generator: inout SplitMix64) throws -> Double? { estimate }
    package func leaderDecision(_ decision: Bool) throws -> Bool { decision }
}
