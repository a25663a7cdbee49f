/// The processes of one job working together: a single process on its own, or the ranks of an MPI job
/// (`mpirun -n N lgf ...`). Collective operations must be called by every rank in the same order.
///
/// Ranks are numbered 0..<size; rank 0 is the one that writes checkpoints, metrics and reports.
public protocol ProcessGroup: AnyObject, Sendable {
    /// This process's number, 0..<size.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Replaces `values` on every rank by their elementwise sum over the ranks (`MPI_Allreduce`): one call for a
    /// whole fused buffer of gradients.
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws
    /// As the `Float` version, for `Double` statistics.
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws
    /// Rank `root`'s bytes on every rank.
    func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8]
    /// Sends `bytes` to `destination` with `tag` (blocking until the message is buffered or received).
    func send(_ bytes: [UInt8], to destination: Int, tag: Int) throws
    /// The next message from `source` (any rank when `nil`) with `tag` (any tag when `nil`): its bytes, sender and tag.
    func receive(from source: Int?, tag: Int?) throws -> (bytes: [UInt8], source: Int, tag: Int)
    /// Whether a message from `source` (any rank when `nil`) with `tag` (any when `nil`) is waiting, without
    /// waiting for one (`MPI_Iprobe`).
    func hasMessage(from source: Int?, tag: Int?) throws -> Bool
    /// Returns when every rank has reached it.
    func barrier() throws
}

extension ProcessGroup {
    /// Whether this process is rank 0, the one that writes.
    public var isLeader: Bool { rank == 0 }

    /// Sums `values` over the ranks, in place.
    public func allReduceSum(_ values: inout [Float]) throws {
        try values.withUnsafeMutableBufferPointer { try allReduceSum($0) }
    }

    /// Sums `values` over the ranks, in place.
    public func allReduceSum(_ values: inout [Double]) throws {
        try values.withUnsafeMutableBufferPointer { try allReduceSum($0) }
    }
}
