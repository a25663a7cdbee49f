import Distributed
import TestSupport

/// Ranks of a job as threads of this process, for testing data-parallel training without mpirun: collectives
/// meet at a `ThreadRendezvous` (sums in Double, in rank order, so every rank gets the same bits).
final class ThreadProcessGroup: ProcessGroup {
    let rank: Int
    let rendezvous: ThreadRendezvous
    var size: Int { rendezvous.count }

    init(rank: Int, rendezvous: ThreadRendezvous) {
        self.rank = rank
        self.rendezvous = rendezvous
    }

    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        let total = rendezvous.sum(values.map(Double.init), from: rank)
        for index in values.indices { values[index] = Float(total[index]) }
    }

    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        let total = rendezvous.sum(Array(values), from: rank)
        for index in values.indices { values[index] = total[index] }
    }

    /// Two sums: the root's length, then its bytes (every other rank adds zeros).
    func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8] {
        let length = Int(rendezvous.sum([rank == root ? Double(bytes.count) : 0], from: rank)[0])
        let mine = rank == root ? bytes.map(Double.init) : [Double](repeating: 0, count: length)
        return rendezvous.sum(mine, from: rank).map { UInt8($0) }
    }

    func send(_ bytes: [UInt8], to destination: Int, tag: Int) throws { throw DistributedError.noPeers(operation: "send (not simulated)") }
    func receive(from source: Int?, tag: Int?) throws -> (bytes: [UInt8], source: Int, tag: Int) {
        throw DistributedError.noPeers(operation: "receive (not simulated)")
    }
    func hasMessage(from source: Int?, tag: Int?) throws -> Bool { false }
    func barrier() throws { _ = rendezvous.sum([], from: rank) }
}
