/// What can go wrong between the processes of a job.
public enum DistributedError: Error, CustomStringConvertible, Equatable, Sendable {
    /// An MPI call returned an error code.
    case mpiFailure(operation: String, code: Int32, message: String)
    /// A rank outside 0..<size was named.
    case invalidRank(Int, size: Int)
    /// Point-to-point messaging was asked of a job of one process.
    case noPeers(operation: String)
    /// A message too large for MPI's `int` counts.
    case messageTooLarge(byteCount: Int)

    public var description: String {
        switch self {
        case let .mpiFailure(operation, code, message):
            return "MPI \(operation) failed with code \(code): \(message)"
        case let .invalidRank(rank, size):
            return "rank \(rank) does not exist in a job of \(size) process\(size == 1 ? "" : "es")"
        case let .noPeers(operation):
            return "cannot \(operation): this job has only one process (start it with mpirun -n N for more)"
        case let .messageTooLarge(byteCount):
            return "a message of \(byteCount) bytes exceeds MPI's limit of \(Int32.max) elements per call"
        }
    }
}
