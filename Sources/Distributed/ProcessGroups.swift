import Foundation

/// Which process group this process is in.
public enum ProcessGroups {
    /// The MPI job when an MPI launcher started this process, else a `SingleProcessGroup` (no MPI call is made).
    ///
    /// - Throws: `DistributedError.mpiFailure` when launched but MPI cannot start.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ProcessGroup {
        MPIProcessGroup.isLaunched(environment: environment) ? try MPIProcessGroup.start() : SingleProcessGroup()
    }
}
