import Distributed
import Configurations

extension Trainer {
    /// Trains data-parallel over the ranks of `group` (`mpirun -n N lgf train --data-parallel`): every rank holds
    /// the whole model and takes its slice of every batch, gradients are summed by one all-reduce per step, batch
    /// norm uses the whole batch's statistics, and rank 0 alone validates and writes the run folder (see
    /// `ProcessGroupReplicas`). With one rank it changes nothing: the run is the ordinary one, bit for bit.
    ///
    /// Call it on every rank before `train(resuming:)`; each rank must have built its trainer from the same
    /// configuration and data (and, resuming, from the same run folder).
    /// - Throws: `ExperimentError.invalidHyperparameter` when a batch has fewer rows than there are ranks.
    public func distribute(over group: any ProcessGroup) throws {
        guard group.size > 1 else { return }
        let batch = min(configuration.training.batchSize, trainData.count)
        guard batch >= group.size else {
            throw ExperimentError.invalidHyperparameter(name: "batch size", value: "\(batch)",
                                                        requirement: "must be at least the number of ranks (\(group.size)) to split it over them")
        }
        replicas = ProcessGroupReplicas(group)
    }

    /// Rank 0's validation estimate on every rank (only rank 0 validates; `nil` when it is not finite).
    func leaderValidation() throws -> Double? {
        try replicas.leaderValidation(replicas.isLeader ? validate() : nil, generator: &generator)
    }
}
