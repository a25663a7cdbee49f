import Foundation
import Testing
import Benchmarks
import Checkpoints
import Flows
import Tensors

/// The file `lgf bench spline-reference` writes for the comparison with nflows, and the spline shapes `lgf bench train`
/// builds.
struct SplineReferenceTests {
    @Test func fileHoldsTheWeightsInputsAndOurLogDensities() throws {
        let specification = ModelSpecification(kind: .maf, dimension: 3, layerCount: 2, hiddenCounts: [4, 4],
                                               spline: SplineSpecification(binCount: 3, tailBound: 2))
        var reference = SplineReference(specification: specification)
        reference.pointCount = 40
        reference.seed = 5
        let (tensors, metadata) = try SafeTensors.decode(try reference.encoded(), source: "test")
        // Two MADEs 3 → 4 → 4 → 3 · 8.
        let madeParameters: Int = (3 * 4 + 4) + (4 * 4 + 4) + (4 * 24 + 24)
        #expect(metadata["model"] == "nsf" && metadata["parameters"] == String(2 * madeParameters))
        #expect(try JSONDecoder().decode(ModelSpecification.self, from: Data((metadata["specification"] ?? "").utf8)) == specification)
        let x = try #require(tensors["reference.inputs"]), logDensity = try #require(tensors["reference.logDensity"])
        #expect(x.shape == [40, 3] && x.dtype == .float64 && logDensity.shape == [40])
        // 30 Gaussian rows, 5 entirely in the tails, 5 on −B, 0 and B.
        let values = x.doubles
        #expect((30..<35).allSatisfy { row in (0..<3).allSatisfy { abs(values[row * 3 + $0]) > 2 } })
        #expect((35..<40).allSatisfy { row in (0..<3).allSatisfy { [-2.0, 0, 2].contains(values[row * 3 + $0]) } })

        // The same seed builds the same flow, whose float64 log-densities the file holds; its weights are the file's.
        var generator = SplitMix64(seed: 5)
        let flow = try ModelBuilder.build(specification, using: &generator)
        flow.convert(to: .float64)
        #expect(Int(metadata["parameters"] ?? "") == flow.parameterCount)
        #expect(try withoutGradientRecording { try flow.logProb(x) }.doubles == logDensity.doubles)
        for (name, slot) in flow.namedState { #expect(tensors[name]?.doubles == slot.value.doubles, "\(name)") }
    }

    /// The benchmark's NSFs have the parameter counts nflows' and zuko's NSFs of the same sizes have
    /// (`benchmarks/compare-splines.py train` reports them).
    @Test func benchmarkSplineShapesHaveTheReferenceCounts() throws {
        for (dataset, count) in [(FlowBenchmarkDataset.twoDimensional, 25_230), (.miniboone, 377_210)] {
            var benchmark = FlowBenchmark(dataset: dataset, model: .maf)
            benchmark.spline = SplineSpecification(binCount: dataset.splineBinCount, tailBound: 3)
            var generator = SplitMix64(seed: 0)
            let flow = try ModelBuilder.build(benchmark.specification, using: &generator)
            #expect(flow.parameterCount == count && benchmark.specification.modelName == "nsf", "\(dataset)")
        }
    }
}
