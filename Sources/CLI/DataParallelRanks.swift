import ArgumentParser
import Distributed
import Foundation

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

    /// Runs `body`; when it throws on a rank of a job of several, prints the error and ends the whole job with
    /// its exit code (`MPI_Abort`), since the other ranks may be waiting for this one in a collective.
    /// An `ExitCode` (the end of an interrupted run, which every rank reaches together) is rethrown as usual.
    static func abortingJobOnError<Result>(of group: any ProcessGroup, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch {
            guard let job = group as? MPIProcessGroup, job.size > 1, !(error is ExitCode) else { throw error }
            Console.writeError("rank \(job.rank) of \(job.size): " + LGF.fullMessage(for: error) + "\n")
            job.abort(exitCode: LGF.exitCode(for: error).rawValue)
        }
    }
}
