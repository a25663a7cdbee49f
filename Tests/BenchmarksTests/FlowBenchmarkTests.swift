import Testing
import Benchmarks

/// The flow benchmark's figures are consistent with one another (not how fast anything is: that is measured by
/// `lgf bench`, not by tests).
struct FlowBenchmarkTests {
    @Test func trainingFiguresAreConsistent() throws {
        var benchmark = FlowBenchmark(dataset: .twoDimensional, model: .lgfMAF)
        benchmark.repeats = 2
        benchmark.stepsPerRepeat = 5
        benchmark.warmupSteps = 1
        benchmark.foreignThreshold = 100
        let result = try benchmark.train()
        #expect(result.parameters == 80_810 && result.phase == "train")
        #expect(result.cpuMsPerStep > 0 && result.cpuMsPerStep.isFinite)
        // The fastest tenth of the steps is never slower than the median step.
        #expect(result.cpuMsPerStepFastestTenth > 0 && result.cpuMsPerStepFastestTenth <= result.cpuMsPerStep)
        #expect(result.finalLoss.isFinite)
    }

    @Test func evaluationFiguresAreConsistent() throws {
        var benchmark = FlowBenchmark(dataset: .twoDimensional, model: .lgfMAF)
        benchmark.trainingStepsBeforeEvaluation = 1
        benchmark.importanceSamples = 20
        benchmark.evaluationPoints = 30
        benchmark.evaluationRepeats = 1
        benchmark.sampleCount = 100
        benchmark.foreignThreshold = 100
        let result = try benchmark.evaluate()
        #expect(result.evaluationPoints == 30 && result.importanceSamples == 20)
        #expect(result.cpuPointsPerSecond > 0 && result.cpuPointsPerSecond.isFinite)
        #expect(result.cpuPointsPerSecondFastestTenth > 0 && result.cpuPointsPerSecondFastestTenth.isFinite)
        #expect(result.meanLogLikelihood.isFinite)
    }
}
