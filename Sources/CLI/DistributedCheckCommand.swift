import ArgumentParser
import Distributed
import Foundation
import Reports

/// `lgf distributed-check`: exercises the MPI layer on every rank (an all-reduce, a broadcast and a ring of
/// messages) and prints one JSON line per rank, so that an installation, a hostfile or a cluster's MPI can be
/// checked before a long job (`mpirun -n 4 --hostfile hosts lgf distributed-check`).
struct DistributedCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distributed-check",
        abstract: "Check that the ranks of an MPI job can reduce, broadcast and exchange messages.",
        discussion: "Run it under mpirun; alone it reports rank 0 of 1. Each rank prints {rank, size, host, sum, broadcast, ringFrom}.")

    struct Report: Codable, Equatable {
        var rank: Int
        var size: Int
        var host: String
        /// Σ over ranks of (rank + 1), from an all-reduce of a Float and a Double buffer (both must agree).
        var sum: Double
        /// Rank 0's host name, broadcast to every rank.
        var broadcast: String
        /// The rank whose message arrived in the ring (rank − 1 mod size), or `nil` alone.
        var ringFrom: Int?
    }

    func run() throws {
        let group = try ProcessGroups.current()
        let host = ProcessInfo.processInfo.hostName
        var floats: [Float] = [Float(group.rank + 1)]
        var doubles: [Double] = [Double(group.rank + 1)]
        try group.allReduceSum(&floats)
        try group.allReduceSum(&doubles)
        guard Double(floats[0]) == doubles[0] else {
            throw ValidationError("the Float and Double all-reduces disagree: \(floats[0]) against \(doubles[0])")
        }
        let broadcast = String(decoding: try group.broadcast(Array(host.utf8), from: 0), as: UTF8.self)
        var ringFrom: Int?
        if group.size > 1 {
            let next = (group.rank + 1) % group.size
            // Even ranks send first, odd ranks receive first, so that blocking sends cannot all wait at once.
            if group.rank % 2 == 0 {
                try group.send(Array("\(group.rank)".utf8), to: next, tag: 7)
                ringFrom = Int(String(decoding: try group.receive(from: nil, tag: 7).bytes, as: UTF8.self))
            } else {
                ringFrom = Int(String(decoding: try group.receive(from: nil, tag: 7).bytes, as: UTF8.self))
                try group.send(Array("\(group.rank)".utf8), to: next, tag: 7)
            }
        }
        try group.barrier()
        try JSONLine.print(Report(rank: group.rank, size: group.size, host: host, sum: doubles[0], broadcast: broadcast, ringFrom: ringFrom))
    }
}
