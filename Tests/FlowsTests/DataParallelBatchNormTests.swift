import Testing
import Tensors
import Networks
import Flows
import TestSupport

/// Batch norm with its rows split over replicas (threads standing in for MPI ranks) gives what one process with
/// the whole batch gives: outputs, gradients of the input and of the parameters, and running statistics.
struct DataParallelBatchNormTests {
    /// What one replica computed from its rows, all in Double.
    struct Outcome: Sendable {
        var output: [Double], inputGradient: [Double], logScaleGradient: [Double], shiftGradient: [Double]
        var runningMean: [Double], runningVariance: [Double]
    }

    static let featureCount = 3
    static let rowCount = 11

    /// The batch, and per-row weights of a loss Σ_i w_i·z_i + Σ_i logAbsDet_i that is a sum over rows (so the
    /// whole batch's loss is the sum of the replicas').
    static func data() -> (rows: [Double], weights: [Double]) {
        var g = SplitMix64(seed: 21)
        let rows = (Tensor.randomNormal(shape: [rowCount, featureCount], using: &g) * 2 + 1).doubles
        let weights = Tensor.randomNormal(shape: [rowCount, featureCount], using: &g).doubles
        return (rows, weights)
    }

    /// Batch norm in training mode on rows `range` of the batch: output, gradients and running statistics.
    static func outcome(rows range: Range<Int>) -> Outcome {
        let (rows, weights) = data()
        let layer = BatchNormBijection(featureCount: featureCount)
        layer.convert(to: .float64)
        layer.logScale!.value = Tensor(shape: [featureCount], doubles: [0.3, -0.2, 0.1])
        layer.shift!.value = Tensor(shape: [featureCount], doubles: [0.5, 0, -1])
        let slice = { (values: [Double]) in Array(values[(range.lowerBound * featureCount)..<(range.upperBound * featureCount)]) }
        let x = Tensor(shape: [range.count, featureCount], doubles: slice(rows)).requiringGradient()
        let w = Tensor(shape: [range.count, featureCount], doubles: slice(weights))
        let (z, logAbsDet) = layer.forward(x)
        let loss = (z * w).sum() + logAbsDet.sum()
        let gradients = loss.gradients(withRespectTo: [x, layer.logScale!.value, layer.shift!.value])
        return Outcome(output: z.doubles, inputGradient: gradients[0].doubles, logScaleGradient: gradients[1].doubles,
                       shiftGradient: gradients[2].doubles, runningMean: layer.runningMean.value.doubles,
                       runningVariance: layer.runningVariance.value.doubles)
    }

    @Test(arguments: [[0, 5, 11], [0, 4, 7, 11], [0, 1, 11]])
    func replicasSplittingTheBatchMatchOneProcess(bounds: [Int]) {
        let whole = Self.outcome(rows: 0..<Self.rowCount)
        let parts = ThreadReplicas.run(count: bounds.count - 1) { replica, _ in Self.outcome(rows: bounds[replica]..<bounds[replica + 1]) }
        let tolerance = 1e-11
        #expect(isApproximatelyEqual(parts.flatMap(\.output), whole.output, tolerance: tolerance))
        #expect(isApproximatelyEqual(parts.flatMap(\.inputGradient), whole.inputGradient, tolerance: tolerance))
        // Parameter gradients are per replica; their sum (what the gradient all-reduce forms) is the whole batch's.
        let sum = { (key: KeyPath<Outcome, [Double]>) in (0..<Self.featureCount).map { f in parts.reduce(0) { $0 + $1[keyPath: key][f] } } }
        #expect(isApproximatelyEqual(sum(\.logScaleGradient), whole.logScaleGradient, tolerance: tolerance))
        #expect(isApproximatelyEqual(sum(\.shiftGradient), whole.shiftGradient, tolerance: tolerance))
        for part in parts {
            #expect(isApproximatelyEqual(part.runningMean, whole.runningMean, tolerance: tolerance))
            #expect(isApproximatelyEqual(part.runningVariance, whole.runningVariance, tolerance: tolerance))
        }
    }

    @Test func withoutAReplicaScopeABatchUsesOnlyItsOwnRows() {
        let whole = Self.outcome(rows: 0..<Self.rowCount)
        let firstRows = Self.outcome(rows: 0..<5)
        #expect(!isApproximatelyEqual(firstRows.runningMean, whole.runningMean, tolerance: 1e-3))
    }
}
