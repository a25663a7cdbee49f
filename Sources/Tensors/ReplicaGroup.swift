/// The replicas of a model in data-parallel training: processes that each hold the whole model and a slice of
/// every batch, and combine what the model computes from the whole batch (batch-norm statistics) by summing over
/// the replicas. `Distributed`'s MPI process group provides one through `Experiments`; tests provide threads.
///
/// Sums are collective: every replica makes the same calls in the same order (forward passes run the same code,
/// and backward passes walk graphs of the same structure). They do not throw, because they run inside backward
/// rules; an implementation keeps its first failure for the caller to raise after the step.
package protocol ReplicaGroup: AnyObject, Sendable {
    /// How many replicas take part (1 is a single process).
    var replicaCount: Int { get }
    /// Replaces `values` on every replica by their elementwise sum over the replicas.
    func sumOverReplicas(_ values: inout [Double])
}

/// The replica group of the current scope, which data-dependent layers (batch norm) consult in training mode;
/// `nil`, the default, means one process with the whole batch.
///
/// Task-local like `GradientRecording`: a data-parallel trainer sets it for the forward pass of a step only, so
/// that validation and the recomputation of batch-norm statistics, which rank 0 runs alone, stay local.
package enum ReplicaScope {
    @TaskLocal package static var current: (any ReplicaGroup)?
}

/// Runs `body` with `group` as `ReplicaScope.current`.
package func withReplicas<Result>(_ group: any ReplicaGroup, _ body: () throws -> Result) rethrows -> Result {
    try ReplicaScope.$current.withValue(group) { try body() }
}

extension ReplicaGroup {
    /// The sum of one number over the replicas.
    package func sumOverReplicas(_ value: Double) -> Double {
        var values = [value]
        sumOverReplicas(&values)
        return values[0]
    }
}
