/// One process on its own: rank 0 of 1, for which every collective operation is the identity. What `lgf` uses
/// when it was not started by `mpirun`, so that nothing needs MPI to run.
public final class SingleProcessGroup: ProcessGroup {
    public init() {}

    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {}
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {}
    public func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8] {
        guard root == 0 else { throw DistributedError.invalidRank(root, size: 1) }
        return bytes
    }

    public func send(_ bytes: [UInt8], to destination: Int, tag: Int) throws {
        throw DistributedError.noPeers(operation: "send")
    }

    public func receive(from source: Int?, tag: Int?) throws -> (bytes: [UInt8], source: Int, tag: Int) {
        throw DistributedError.noPeers(operation: "receive")
    }

    public func hasMessage(from source: Int?, tag: Int?) throws -> Bool { false }

    public func barrier() throws {}
}
