import Testing
import Tensors
import TestSupport

struct TensorTests {
    @Test func broadcastingFollowsNumPyRules() {
        let matrix = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect((matrix + Tensor(shape: [3], scalars: [10, 20, 30])).scalars == [11, 22, 33, 14, 25, 36])
        #expect((matrix * Tensor(shape: [2, 1], scalars: [2, 3])).scalars == [2, 4, 6, 12, 15, 18])
        #expect((matrix - 1).scalars == [0, 1, 2, 3, 4, 5])
        let outer = Tensor(shape: [3, 1], scalars: [1, 2, 3]) * Tensor(shape: [1, 2], scalars: [10, 100])
        #expect(outer.shape == [3, 2])
        #expect(outer.scalars == [10, 100, 20, 200, 30, 300])
        let stretched = Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]) + Tensor(shape: [3, 1], scalars: [0, 10, 20])
        #expect(stretched.shape == [2, 3, 2])
        #expect(stretched.scalars == [1, 2, 11, 12, 21, 22, 3, 4, 13, 14, 23, 24])
    }

    @Test func incompatibleShapesStop() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor(zeros: [2, 3]) + Tensor(zeros: [2])
        }
    }

    @Test func reductions() {
        let x = Tensor(shape: [2, 3], doubles: [1, 5, 3, -2, 0, 4])
        #expect(x.sum(alongAxis: 1).doubles == [9, 2])
        #expect(x.sum(alongAxis: 0, keepingDimension: true).shape == [1, 3])
        #expect(x.max(alongAxis: 0).doubles == [1, 5, 4])
        #expect(x.mean().item == 11.0 / 6)
        let lse = x.logSumExp(alongAxis: 1).doubles
        #expect(abs(lse[0] - Foundation.log(Foundation.exp(1) + Foundation.exp(5) + Foundation.exp(3))) < 1e-12)
    }

    @Test func logSumExpIsStableForLargeAndInfiniteValues() {
        let x = Tensor(shape: [3, 2], scalars: [1000, 1000, -.infinity, -.infinity, -.infinity, 0])
        let lse = x.logSumExp(alongAxis: 1).doubles
        #expect(abs(lse[0] - (1000 + Foundation.log(2))) < 1e-3)
        #expect(lse[1] == -.infinity)
        #expect(lse[2] == 0)
    }

    @Test func columnOperations() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.slicingColumns(1..<3).scalars == [2, 3, 5, 6])
        #expect(x.gatheringColumns([2, 1, 0]).scalars == [3, 2, 1, 6, 5, 4])
        #expect(Tensor.concatenatingColumns([x, x.slicingColumns(0..<1)]).scalars == [1, 2, 3, 1, 4, 5, 6, 4])
        #expect(x.repeatingRows(2).scalars == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        #expect(x.transposed().scalars == [1, 4, 2, 5, 3, 6])
    }

    @Test func copyOnWriteKeepsValuesIndependent() {
        let original = Tensor(shape: [3], scalars: [1, 2, 3])
        var copy = original
        copy.withUnsafeMutableFloats { $0[0] = 99 }
        #expect(original.scalars == [1, 2, 3])
        #expect(copy.scalars == [99, 2, 3])
    }

    @Test func seededDrawsAreReproducibleAndStandard() {
        var first = SplitMix64(seed: 7), second = SplitMix64(seed: 7)
        let a = Tensor.randomNormal(shape: [20_000], dtype: .float64, using: &first)
        let b = Tensor.randomNormal(shape: [20_000], dtype: .float64, using: &second)
        #expect(a.doubles == b.doubles)
        let mean = a.mean().item, variance = (a - mean).squared().mean().item
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.04)
        let u = Tensor.randomUniform(shape: [10_000], in: -2..<3, dtype: .float64, using: &first).doubles
        #expect(u.allSatisfy { $0 >= -2 && $0 < 3 })
        #expect(abs(u.reduce(0, +) / 10_000 - 0.5) < 0.05)
    }

    /// Our specialised uniform draws are the standard library's, value for value, and leave the generator in the same
    /// state (so seeded initialisations did not change when it replaced `Double.random(in:using:)`).
    @Test(arguments: [0.0..<1.0, -2.0..<3.0, -0.0125..<0.0125, 1e6..<(1e6 + 1e-9)])
    func uniformDrawsMatchTheStandardLibrary(range: Range<Double>) {
        var ours = SplitMix64(seed: 11), standard = SplitMix64(seed: 11)
        let drawn = Tensor.randomUniform(shape: [5_000], in: range, dtype: .float64, using: &ours).doubles
        let expected = (0..<5_000).map { _ in Double.random(in: range, using: &standard) }
        #expect(drawn == expected)
        #expect(ours.next() == standard.next())
    }

    @Test func finitenessCheck() {
        #expect(Tensor(shape: [2], scalars: [1, 2]).isFinite)
        #expect(!Tensor(shape: [2], scalars: [1, .nan]).isFinite)
        #expect(!Tensor(shape: [2], doubles: [.infinity, 2]).isFinite)
    }

    @Test func conversionKeepsValues() {
        let x = Tensor(shape: [2], scalars: [1.5, -2.25])
        #expect(x.converted(to: .float64).doubles == [1.5, -2.25])
        #expect(x.converted(to: .float64).converted(to: .float32).scalars == [1.5, -2.25])
    }
}

import Foundation
