import Foundation
import Testing
import Tensors
import Flows
import Configurations
import Training

/// The demo is the paper's Figure 1: its two models are exactly the paper's, whatever its default number of epochs.
struct TwoRectanglesDemoTests {
    @Test func theDemoTrainsThePapersFigure1Models() throws {
        let demo = TwoRectanglesDemo(output: ExperimentFixtures.scratchFolder("demo-configuration"))
        var generator = SplitMix64(seed: 0)
        for (kind, parameters) in [(ModelKind.maf, 80_080), (.lgfMAF, 80_810)] {
            let configuration = demo.configuration(for: kind)
            let paper = PaperDefaults.configuration(dataset: "2uniforms", dimension: 2, kind: kind)
            #expect(configuration.model == paper.model && configuration.model.indexedLayers == .paper)
            #expect(try configuration.buildModel(using: &generator).parameterCount == parameters)
            #expect(configuration.training.maximumEpochs == TwoRectanglesDemo.defaultEpochs && configuration.training.batchSize == paper.training.batchSize)
        }
    }

    /// The paired difference is the mean and standard error of the per-point differences: here d = 0.1, 0.3, 0.2, 0.4
    /// (mean 0.25, sample variance 0.05/3), which two independent standard errors would overstate.
    @Test func thePairedDifferenceIsTheMeanAndStandardErrorOfThePerPointDifferences() throws {
        let first = [-1.0, -3.0, -2.0, -0.5], second = [-0.9, -2.7, -1.8, -0.1]
        let difference = try PairedDifference(first: first, second: second)
        #expect(abs(difference.mean - 0.25) < 1e-12 && difference.points == 4)
        #expect(abs(difference.standardError - (0.05 / 3 / 4).squareRoot()) < 1e-12)
        #expect(throws: ExperimentError.self) { try PairedDifference(first: first, second: Array(second.dropLast())) }
        #expect(throws: ExperimentError.self) { try PairedDifference(first: [1, .nan], second: [1, 2]) }
    }
}
