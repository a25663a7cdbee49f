import Foundation
import Testing
import Tensors
import Networks
import Flows
import TestSupport

struct FlowDensityTests {
    @Test func parameterCountsMatchThePaper() throws {
        var g = SplitMix64(seed: 1)
        #expect(try ModelBuilder.build(.figure1MAF(), using: &g).parameterCount == 80_080)
        #expect(try ModelBuilder.build(.figure1LGFMAF(), using: &g).parameterCount == 80_810)
        #expect(try ModelBuilder.build(.figure4LGFMAF(), using: &g).parameterCount == 119_910)
        #expect(try ModelBuilder.build(.figure4MAF(), using: &g).parameterCount == 160_160)
    }

    @Test func twoDimensionalDensityIntegratesToOne() throws {
        var g = SplitMix64(seed: 2)
        let flow = try ModelBuilder.build(ModelSpecification(kind: .maf, dimension: 2, layerCount: 3, hiddenCounts: [16, 16]), using: &g)
        _ = try flow.logProb(Tensor.randomNormal(shape: [200, 2], using: &g))   // training-mode pass moves BN statistics
        flow.setMode(.evaluation)
        let step = 0.04, range = stride(from: -8.0, to: 8.0, by: step).map { $0 + step / 2 }
        let grid = range.flatMap { a in range.flatMap { b in [a, b] } }
        let logDensity = try flow.logProb(Tensor(shape: [range.count * range.count, 2], doubles: grid))
        let mass = logDensity.doubles.reduce(0) { $0 + Foundation.exp($1) } * step * step
        #expect(abs(mass - 1) < 0.01, "mass \(mass)")
    }

    @Test(arguments: [ModelKind.maf, .realNVP])
    func logProbGradientMatchesFiniteDifferences(kind: ModelKind) throws {
        var g = SplitMix64(seed: 3)
        let flow = try ModelBuilder.build(ModelSpecification(kind: kind, dimension: 3, layerCount: 2, hiddenCounts: [5]), using: &g)
        flow.convert(to: .float64)
        // 16 rows keep the batch-norm variances well away from 0, where finite differences lose accuracy.
        let x = randomDoubles([16, 3], seed: 4)
        let error = GradientCheck.relativeError(of: { (try! flow.logProb(x)).mean() }, parameters: flow.parameters)
        #expect(error <= 1e-6)
        let input = Parameter(name: "x", value: x)
        #expect(GradientCheck.relativeError(of: { (try! flow.logProb(input.value)).sum() }, parameters: [input]) <= 1e-6)
    }

    @Test func badInputIsRejectedAtTheEntry() throws {
        var g = SplitMix64(seed: 5)
        let flow = try ModelBuilder.build(ModelSpecification(kind: .maf, dimension: 3, layerCount: 1, hiddenCounts: [4]), using: &g)
        #expect(throws: DensityError.shapeMismatch(expectedFeatures: 3, actual: [2, 4])) { try flow.logProb(Tensor(zeros: [2, 4])) }
        #expect(throws: DensityError.nonFiniteValue(row: 1, column: 2)) { try flow.logProb(Tensor(shape: [2, 3], scalars: [0, 0, 0, 1, 1, .nan])) }
        let lgf = try ModelBuilder.build(ModelSpecification(kind: .lgfMAF, dimension: 3, layerCount: 1, hiddenCounts: [4]), using: &g)
        #expect(throws: DensityError.notExact) { try lgf.logProb(Tensor(zeros: [2, 3])) }
        #expect(throws: DensityError.self) { try lgf.logLikelihood(Tensor(zeros: [2, 3]), importanceSamples: 0, using: &g) }
        #expect(DensityError.nonFiniteValue(row: 1, column: 2).description.contains("row 2, column 3"))
    }

    @Test func configurationErrorsAreClear() {
        var g = SplitMix64(seed: 6)
        var noIndex = ModelSpecification.figure1LGFMAF()
        noIndex.indexDimension = 0
        #expect(throws: FlowConfigurationError.self) { try ModelBuilder.build(noIndex, using: &g) }
        let narrow = ModelSpecification(kind: .maf, dimension: 8, layerCount: 2, hiddenCounts: [5])
        do {
            _ = try ModelBuilder.build(narrow, using: &g)
            Issue.record("a MADE narrower than the data should be rejected")
        } catch {
            #expect("\(error)".contains("hiddenCounts") && "\(error)".contains("8"))
        }
        #expect(throws: FlowConfigurationError.self) { try ModelBuilder.build(ModelSpecification(kind: .realNVP, dimension: 4, layerCount: 0, hiddenCounts: [5]), using: &g) }
    }

    @Test func samplingGivesFiniteDrawsOfTheRightShapeAndIsSeeded() throws {
        var g = SplitMix64(seed: 7)
        let flow = try ModelBuilder.build(.figure1LGFMAF(), using: &g)
        var first = SplitMix64(seed: 9), second = SplitMix64(seed: 9)
        let a = try flow.sample(count: 100, generator: &first), b = try flow.sample(count: 100, generator: &second)
        #expect(a.shape == [100, 2] && a.isFinite)
        #expect(a.scalars == b.scalars)
    }
}
