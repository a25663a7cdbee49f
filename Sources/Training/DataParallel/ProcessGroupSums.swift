import Distributed
import Synchronization
import Tensors

/// The ranks of a `ProcessGroup` as the `ReplicaGroup` that batch norm sums its statistics over in data-parallel
/// training. Sums run inside forward passes and backward rules, which cannot throw: the first failure is kept
/// (later sums are skipped, since the step is lost anyway) and `raiseFailure()` throws it after the step.
final class ProcessGroupSums: ReplicaGroup {
    let group: any ProcessGroup
    private let failure = Mutex<DistributedError?>(nil)

    init(_ group: any ProcessGroup) {
        self.group = group
    }

    var replicaCount: Int { group.size }

    func sumOverReplicas(_ values: inout [Double]) {
        guard failure.withLock({ $0 == nil }) else { return }
        do {
            try group.allReduceSum(&values)
        } catch {
            let kept = error as? DistributedError ?? .mpiFailure(operation: "MPI_Allreduce", code: -1, message: "\(error)")
            failure.withLock { if $0 == nil { $0 = kept } }
        }
    }

    /// Throws the first failure of a sum since this group was made.
    func raiseFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
