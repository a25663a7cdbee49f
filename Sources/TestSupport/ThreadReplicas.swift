import Foundation
import Tensors

/// Data-parallel replicas as threads of one process, for testing layers that sum over replicas without MPI:
/// `ThreadReplicas.run(count:)` runs a body on `count` threads at once, each with its own `ReplicaGroup`, and
/// sums meet at a rendezvous that adds the replicas' values in replica order (so every replica gets the same bits).
public enum ThreadReplicas {
    /// Runs `body(replica, group)` for replicas 0..<count, each on a thread of its own and inside
    /// `withReplicas(group)`; returns the results in replica order once every thread has finished.
    package static func run<Result: Sendable>(count: Int, _ body: @escaping @Sendable (Int, any ReplicaGroup) -> Result) -> [Result] {
        let rendezvous = ThreadRendezvous(count: count)
        return onThreads(count: count) { replica in
            let group = Member(replica: replica, rendezvous: rendezvous)
            return withReplicas(group) { body(replica, group) }
        }
    }

    /// Runs `body(index)` for 0..<count, each on a thread of its own, all at once; returns the results in order.
    public static func onThreads<Result: Sendable>(count: Int, _ body: @escaping @Sendable (Int) -> Result) -> [Result] {
        let results = ResultSlots<Result>(count: count)
        let finished = DispatchGroup()
        for index in 0..<count {
            finished.enter()
            let thread = Thread {
                results.store(body(index), at: index)
                finished.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        finished.wait()
        return results.values
    }

    /// One replica's view of the rendezvous.
    final class Member: ReplicaGroup {
        let replica: Int
        let rendezvous: ThreadRendezvous
        init(replica: Int, rendezvous: ThreadRendezvous) {
            self.replica = replica
            self.rendezvous = rendezvous
        }
        var replicaCount: Int { rendezvous.count }
        func sumOverReplicas(_ values: inout [Double]) { values = rendezvous.sum(values, from: replica) }
    }

    // @unchecked Sendable: each thread writes only its own slot, and `values` is read after every thread has left.
    final class ResultSlots<Result>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func store(_ value: Result, at index: Int) { lock.withLock { slots[index] = value } }
        var values: [Result] { lock.withLock { slots.compactMap { $0 } } }
    }
}

/// Where threads standing in for replicas or ranks meet to sum: a generation-counted barrier that adds the
/// deposited values in replica order, so every participant gets the same bits.
// @unchecked Sendable: every stored property is read and written only with `condition` locked.
public final class ThreadRendezvous: @unchecked Sendable {
    public let count: Int
    private let condition = NSCondition()
    private var deposits: [[Double]]
    private var arrived = 0
    private var generation = 0
    private var total: [Double] = []

    public init(count: Int) {
        self.count = count
        deposits = Array(repeating: [], count: count)
    }

    /// Blocks until all `count` participants have called it; returns the elementwise sum of their `values`.
    public func sum(_ values: [Double], from replica: Int) -> [Double] {
        condition.lock()
        defer { condition.unlock() }
        deposits[replica] = values
        arrived += 1
        let mine = generation
        if arrived == count {
            precondition(deposits.allSatisfy { $0.count == values.count }, "replicas summed buffers of different lengths: \(deposits.map(\.count))")
            total = (0..<values.count).map { index in deposits.reduce(0) { $0 + $1[index] } }
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            // The next sum cannot complete (and overwrite `total`) before this replica has joined it.
            while generation == mine { condition.wait() }
        }
        return total
    }
}
