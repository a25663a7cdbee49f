import ArgumentParser
import Distributed

/// The processes `lgf train` runs on: the MPI job's ranks with `--data-parallel`, else this process alone.
enum DataParallelRanks {
    /// - Throws: `ValidationError` when mpirun started several ranks without `--data-parallel` (each would train
    ///   the same run into the same folder); `DistributedError` when MPI cannot start.
    static func group(requested: Bool) throws -> any ProcessGroup {
        if requested { return try ProcessGroups.current() }
        guard MPIProcessGroup.isLaunched() else { return SingleProcessGroup() }
        let group = try ProcessGroups.current()
        guard group.size == 1 else {
            throw ValidationError("mpirun started \(group.size) ranks of lgf train without --data-parallel: each would train the same run into the same folder. Add --data-parallel to split the batches over them, or use lgf sweep to train different runs.")
        }
        return group
    }
}
