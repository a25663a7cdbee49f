import Distributed
import Foundation
import Tensors

/// Data-parallel training over the ranks of a `ProcessGroup` (`mpirun -n N lgf train --data-parallel`).
///
/// Every rank holds the whole model. A batch's rows (the same shuffled order on every rank, from the shared
/// generator) are cut into N contiguous slices, one per rank; each rank's mean objective is weighted by its share
/// of the rows, so the sum of the ranks' gradients, one fused all-reduce per step, is the gradient of the whole
/// batch's mean, and every rank takes the same Adam step. Batch norm combines its statistics across ranks through
/// `ReplicaScope`. Draws inside a step (u ~ q) come from a per-rank stream derived from the shared stream's state,
/// the rank and the step, so a run is reproducible for a given N and a resumed run repeats an uninterrupted one.
package final class ProcessGroupReplicas: TrainingReplicas {
    let group: any ProcessGroup
    let sums: ProcessGroupSums
    /// This rank's share of the rows of the batch `localRows` last cut.
    private var share = 1.0
    private var buffer = GradientBuffer()
    /// What the gradient all-reduces cost so far (benchmarks read it).
    package private(set) var traffic = AllReduceTraffic()

    package init(_ group: any ProcessGroup) {
        self.group = group
        sums = ProcessGroupSums(group)
    }

    package var isLeader: Bool { group.isLeader }

    /// Rows ⌊r·B/N⌋..<⌊(r + 1)·B/N⌋ of a batch of B for rank r: slices differ by at most one row.
    package func localRows(of batch: ArraySlice<Int>) -> [Int] {
        let range = Self.slice(count: batch.count, rank: group.rank, size: group.size)
        share = Double(range.count) / Double(max(batch.count, 1))
        return Array(batch[(batch.startIndex + range.lowerBound)..<(batch.startIndex + range.upperBound)])
    }

    package static func slice(count: Int, rank: Int, size: Int) -> Range<Int> {
        (rank * count / size)..<((rank + 1) * count / size)
    }

    package func objective(step: Int, generator: inout SplitMix64, _ body: (inout SplitMix64) throws -> Tensor) throws -> Tensor {
        var draws = SplitMix64(seed: Self.drawSeed(sharedState: generator.state, rank: group.rank, step: step))
        let objective = try withReplicas(sums) { try body(&draws) }
        try sums.raiseFailure()
        return objective * share
    }

    package func sum(objective: Double, gradients: inout [Tensor]) throws -> Double {
        try sums.raiseFailure()   // a batch-norm sum in the backward pass failed
        buffer.pack(gradients, extra: objective)
        let started = DispatchTime.now().uptimeNanoseconds
        try buffer.allReduceSum(over: group)
        traffic.record(bytes: buffer.byteCount, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        return buffer.unpack(into: &gradients)
    }

    package func leaderValidation(_ estimate: Double?, generator: inout SplitMix64) throws -> Double? {
        let words = try broadcastWords([(estimate ?? .nan).bitPattern, generator.state])
        generator = SplitMix64(seed: words[1])
        let value = Double(bitPattern: words[0])
        return value.isFinite ? value : nil
    }

    package func leaderDecision(_ decision: Bool) throws -> Bool {
        try broadcastWords([decision ? 1 : 0])[0] == 1
    }

    /// Rank 0's `words` on every rank (little-endian on the wire).
    private func broadcastWords(_ words: [UInt64]) throws -> [UInt64] {
        let bytes = words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
        let received = try group.broadcast(isLeader ? bytes : [UInt8](repeating: 0, count: bytes.count), from: 0)
        return words.indices.map { index in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(received[8 * index + $1]) << (8 * $1) }
        }
    }

    /// The seed of rank `rank`'s draws in step `step` of the epoch whose shuffle left the shared stream at
    /// `sharedState`: three rounds of SplitMix64's mixing, so streams of neighbouring ranks, steps and epochs are
    /// unrelated, and none is a shifted copy of the shared stream (whose outputs mix `sharedState + k·γ`).
    static func drawSeed(sharedState: UInt64, rank: Int, step: Int) -> UInt64 {
        var value = sharedState
        for part in [drawStreamDomain, UInt64(rank), UInt64(step)] {
            var mixer = SplitMix64(seed: value ^ part)
            value = mixer.next()
        }
        return value
    }

    /// Keeps the per-rank draw streams apart from any other use of the shared state (√2's first 64 fraction bits).
    static let drawStreamDomain: UInt64 = 0x6A09_E667_F3BC_C908
}

/// The cost of the gradient all-reduces of a data-parallel run.
package struct AllReduceTraffic: Sendable, Equatable {
    package var calls = 0
    package var bytesPerCall = 0
    package var seconds = 0.0

    package init() {}

    mutating func record(bytes: Int, seconds: Double) {
        calls += 1
        bytesPerCall = bytes
        self.seconds += seconds
    }
}
