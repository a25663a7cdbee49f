import Foundation
import Testing
@testable import Tensors
import TestSupport

/// The elementwise passes and the tanh layer's backward pass split over 1, 2 and 3 workers (private pools) give the
/// serial result bit for bit, and the OpenBLAS thread count survives overlapping single-thread scopes.
struct ParallelPassesTests {
    static func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

    /// Long enough to be split over three threads (3 × 2¹⁵ elements and more), and narrow-row shapes.
    static let shapes: [Shape] = [[1000, 512], [2000, 50], [257, 391]]

    @Test(arguments: shapes)
    func tanhBackwardAndItsColumnSumsDoNotDependOnTheWorkers(shape: Shape) {
        var generator = testGenerator(UInt64(shape[0] * 7 + shape[1]))
        let g = Tensor.randomNormal(shape: shape, using: &generator)
        let y = Tensor.randomUniform(shape: shape, in: -1..<1, using: &generator)
        let serial = WorkerPool.serial.withCurrent { Tensor.tanhBackward(g, output: y, columnSums: true) }
        // The pass is what it says: g ⊙ (1 − y²), and the sums are those of p along the rows.
        let p = serial.preactivation.scalars, gs = g.scalars, ys = y.scalars
        #expect(zip(p, zip(gs, ys)).allSatisfy { $0 == $1.0 * (1 - $1.1 * $1.1) })
        #expect(Self.bits(serial.columnSums!) == Self.bits(serial.preactivation.sum(alongAxis: 0)))
        for workers in [1, 2, 3] {
            let parallel = WorkerPool(threadCount: workers).withCurrent { Tensor.tanhBackward(g, output: y, columnSums: true) }
            #expect(Self.bits(parallel.preactivation) == Self.bits(serial.preactivation), "\(shape) on \(workers)")
            #expect(Self.bits(parallel.columnSums!) == Self.bits(serial.columnSums!), "\(shape) on \(workers)")
        }
    }

    @Test(arguments: shapes)
    func elementwiseMapsDoNotDependOnTheWorkers(shape: Shape) {
        var generator = testGenerator(UInt64(shape[0] + shape[1]))
        let x = Tensor.randomNormal(shape: shape, using: &generator)
        func run() -> [[UInt32]] {
            let tanh = x.tanh()
            return [Self.bits(tanh), Self.bits(x.exp()), Self.bits(x.softplus()), Self.bits(tanh.zipMap(x, TanhBackward.self))]
        }
        let serial = WorkerPool.serial.withCurrent(run)
        // Spot check against the scalar definitions, so that a part that skipped its range would fail.
        let xs = x.scalars, tanh = serial[0].map(Float.init(bitPattern:))
        for index in stride(from: 0, to: xs.count, by: 997) {
            #expect(abs(Double(tanh[index]) - Foundation.tanh(Double(xs[index]))) < 1e-6)
        }
        for workers in [2, 3] {
            #expect(WorkerPool(threadCount: workers).withCurrent(run) == serial, "\(shape) on \(workers)")
        }
    }

    @Test(arguments: shapes)
    func sameShapeArithmeticDoesNotDependOnTheWorkers(shape: Shape) {
        var generator = testGenerator(UInt64(3 * shape[0] + shape[1]))
        let x = Tensor.randomNormal(shape: shape, using: &generator), y = Tensor.randomNormal(shape: shape, using: &generator)
        func run() -> [[UInt32]] { [Self.bits(x + y), Self.bits(x - y), Self.bits(x * y), Self.bits(x / y)] }
        let serial = WorkerPool.serial.withCurrent(run)
        let xs = x.scalars, ys = y.scalars, sum = serial[0].map(Float.init(bitPattern:))
        #expect(sum.indices.allSatisfy { sum[$0] == xs[$0] + ys[$0] })
        for workers in [2, 3] {
            #expect(WorkerPool(threadCount: workers).withCurrent(run) == serial, "\(shape) on \(workers)")
        }
    }

    /// A tanh layer on whatever kernel this CPU uses, forward and backward, on 1–3 workers: the same numbers.
    @Test func linearTanhLayerDoesNotDependOnTheWorkers() {
        var generator = testGenerator(11)
        let x = Tensor.randomNormal(shape: [600, 43], using: &generator).requiringGradient()
        let w = (Tensor.randomNormal(shape: [256, 43], using: &generator) * 0.2).requiringGradient()
        let b = Tensor.randomNormal(shape: [256], using: &generator).requiringGradient()
        func run() -> [[UInt32]] {
            let y = Tensor.linearTanh(x, weight: w, bias: b)
            return [Self.bits(y)] + (y * y).sum().gradients(withRespectTo: [x, w, b]).map(Self.bits)
        }
        let serial = WorkerPool.serial.withCurrent(run)
        for workers in [2, 3] {
            #expect(WorkerPool(threadCount: workers).withCurrent(run) == serial, "\(workers) workers")
        }
    }

    /// Two overlapping scopes (as two pools' regions on different threads make): OpenBLAS stays on one thread until
    /// the last closes, then gets the requested count back; a request made inside waits for the last scope.
    @Test func overlappingSingleThreadScopesRestoreTheRequestedCount() {
        var state = OpenBLASThreadCount()
        #expect(state.request(2) == 2)
        #expect(state.openScope() == 1)     // region A opens
        #expect(state.openScope() == nil)   // region B opens: already 1
        #expect(state.closeScope() == nil)  // A closes first: B still runs on one thread
        #expect(state.effective == 1)
        #expect(state.request(3) == nil)    // a request inside waits
        #expect(state.closeScope() == 3)    // B closes: the latest request
        #expect(state.effective == 3 && state.openScopes == 0)
        #expect(state.request(0) == 1)      // at least one
        #expect(state.openScope() == nil && state.closeScope() == nil)
    }
}
