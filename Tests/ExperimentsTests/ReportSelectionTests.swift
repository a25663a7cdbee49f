import Foundation
import Testing
@testable import Configurations
@testable import Runs
@testable import Reports
import Flows

/// Selection by validation and mean ± standard error over seeds, on made-up run folders with known answers.
struct ReportSelectionTests {
    /// A run folder with the given per-epoch validation estimates, finished unless `ending` says otherwise, and
    /// (with `test`) a cached test evaluation that matches a stand-in best checkpoint.
    private func makeRun(in root: String, name: String, kind: ModelKind = .maf, learningRate: Double, seed: UInt64,
                         validations: [Double], test: Double? = nil, ending: TrainingSummary.Ending? = .completed,
                         adjust: (inout ExperimentConfiguration) -> Void = { _ in }) throws {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: kind, epochs: validations.count, seed: seed)
        configuration.training.learningRate = learningRate
        adjust(&configuration)
        let folder = RunFolder(path: (root as NSString).appendingPathComponent(name))
        try folder.create()
        try folder.writeConfiguration(configuration, runID: RunIdentity.newID())
        try folder.createCheckpointsFolder()
        try folder.writeMetrics(validations.enumerated().map {
            EpochRecord(epoch: $0 + 1, trainObjective: $1 - 0.1, validation: $1, seconds: 1, learningRate: learningRate)
        })
        if let ending {
            try folder.writeSummary(TrainingSummary(run: folder.path, epochs: validations.count, bestValidation: validations.max() ?? 0,
                                                    bestEpoch: 1, ending: ending, recoveries: 0, parameters: 10))
        }
        if let test {
            try Data("stand-in checkpoint".utf8).write(to: URL(fileURLWithPath: folder.bestCheckpointPath))
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.bestCheckpointPath)
            let report = EvaluationReport(run: folder.path, split: "test", points: 5000, dimension: 2, logLikelihood: test, standardError: 0.01,
                                          estimatorStandardError: 0, bitsPerDimension: -test / (2 * log(2.0)), optimum: -log(4.0),
                                          gapToOptimum: -log(4.0) - test, importanceSamples: 1, exact: true, seconds: 0)
            let cached = CachedEvaluation(report: report, checkpointBytes: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
                                          checkpointModified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
            let path = CachedEvaluation.path(in: folder, importanceSamples: 1000, seed: 0)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try JSONEncoder().encode(cached).write(to: URL(fileURLWithPath: path))
        }
    }

    @Test func meanAndStandardErrorOverSeeds() {
        let statistics = SeedStatistics([1, 2, 3, 4])
        #expect(statistics.mean == 2.5 && statistics.count == 4)
        // Sample variance 5/3; s.e. = sqrt(5/3 / 4).
        #expect(abs((statistics.standardError ?? 0) - (5.0 / 12.0).squareRoot()) < 1e-12)
        #expect(SeedStatistics([-1.4]).standardError == nil)
        #expect(statistics.formatted() == "2.500 ± 0.645")
    }

    @Test func choosesTheBestMeanValidationNotTheBestSingleSeed() throws {
        let root = ExperimentFixtures.scratchFolder("selection")
        // Configuration A (lr 1e-3): best epochs -1.0, -2.0, -2.0 → mean -1.667 (holds the best single run).
        // Configuration B (lr 5e-4): best epochs -1.5, -1.5, -1.5 → mean -1.5: chosen.
        for (seed, best) in [(0, -1.0), (1, -2.0), (2, -2.0)] {
            try makeRun(in: root, name: "a\(seed)", learningRate: 1e-3, seed: UInt64(seed), validations: [best - 1, best, best - 0.5])
        }
        for seed in 0..<3 {
            try makeRun(in: root, name: "b\(seed)", learningRate: 5e-4, seed: UInt64(seed), validations: [-3, -1.5])
        }
        // An unfinished run with a spectacular validation must not count.
        try makeRun(in: root, name: "c0", learningRate: 2e-3, seed: 0, validations: [0.5], ending: nil)
        let selections = ModelSelection.select(from: try ReportRun.discover(in: root))
        let selection = try #require(selections.first)
        #expect(selections.count == 1 && selection.candidates.count == 2 && selection.unfinished.count == 1)
        let chosen = try #require(selection.chosen.map { selection.candidates[$0] })
        #expect(chosen.runs.allSatisfy { $0.configuration.training.learningRate == 5e-4 })
        #expect(chosen.validation?.mean == -1.5 && chosen.validation?.standardError == 0)
        let other = try #require(selection.candidates.first { $0.key != chosen.key })
        #expect(abs((other.validation?.mean ?? 0) + 5.0 / 3.0) < 1e-12)
        // Asked to include unfinished runs, one with a best checkpoint so far counts, and here wins.
        try Data("stand-in".utf8).write(to: URL(fileURLWithPath: (root as NSString).appendingPathComponent("c0/checkpoints/best.safetensors")))
        let withUnfinished = try #require(ModelSelection.select(from: try ReportRun.discover(in: root), includingUnfinished: true).first)
        #expect(withUnfinished.candidates.count == 3 && withUnfinished.unfinished.isEmpty)
        #expect(withUnfinished.chosen.map { withUnfinished.candidates[$0].runs[0].configuration.training.learningRate } == 2e-3)
    }

    /// Runs on the user's own files: the seed also draws the shuffle before carving, the dequantisation noise and
    /// so the training split's standardisation statistics. Seeds of one configuration must still group together,
    /// while standardised and unstandardised runs stay apart.
    @Test func seedsOfOneConfigurationOnUserFilesGroupTogether() throws {
        let root = ExperimentFixtures.scratchFolder("user-files")
        func preparedFiles(seed: UInt64, standardized: Bool) -> (inout ExperimentConfiguration) -> Void {
            { configuration in
                configuration.data = .files(train: "train.npy", validation: nil, test: "test.npy")
                configuration.preparation = FilePreparation(
                    fileColumnCount: 2, keptColumns: [1, 2], columnNames: nil, droppedColumns: [], labelColumn: nil,
                    shuffled: true, shuffleSeed: seed &+ 7, carved: true, dequantizationSteps: nil, dequantizationSeed: seed &+ 11)
                configuration.model.inputStandardization = standardized
                    ? InputStandardization(mean: [0.1 * Double(seed), 0.2], std: [1 + Double(seed), 2]) : nil
            }
        }
        for seed: UInt64 in 0..<3 {
            try makeRun(in: root, name: "standardized\(seed)", learningRate: 1e-3, seed: seed, validations: [-1.5],
                        adjust: preparedFiles(seed: seed, standardized: true))
            try makeRun(in: root, name: "raw\(seed)", learningRate: 1e-3, seed: seed, validations: [-1.7],
                        adjust: preparedFiles(seed: seed, standardized: false))
        }
        let selections = ModelSelection.select(from: try ReportRun.discover(in: root))
        let selection = try #require(selections.first)
        #expect(selections.count == 1)
        #expect(selection.candidates.count == 2)
        #expect(selection.candidates.allSatisfy { $0.runs.count == 3 })
        let chosen = try #require(selection.chosen)
        #expect(selection.candidates[chosen].runs.allSatisfy { $0.configuration.model.inputStandardization != nil })
    }

    @Test func reportsTheChosenConfigurationsTestMeanAndStandardErrorBesideThePublishedFigure() throws {
        let root = ExperimentFixtures.scratchFolder("report")
        for (seed, test) in [(0, -1.50), (1, -1.60), (2, -1.55)] {
            try makeRun(in: root, name: "good\(seed)", learningRate: 1e-3, seed: UInt64(seed), validations: [-1.5], test: test)
            try makeRun(in: root, name: "bad\(seed)", learningRate: 1e-2, seed: UInt64(seed), validations: [-1.9], test: 0)
        }
        var options = ReportOptions()
        options.drawsFigures = false
        let report = try ReportBuilder.build(root: root, options: options)
        #expect(report.evaluatedFromCache == 3 && report.evaluatedNow == 0)
        let row = try #require(report.rows.first)
        #expect(report.rows.count == 1 && row.dataset == "2uniforms" && row.model == "maf" && row.configurationsCompared == 2)
        #expect(row.seeds == [0, 1, 2] && row.epochs == [1, 1, 1] && abs(row.test.mean + 1.55) < 1e-12)
        #expect(abs((row.test.standardError ?? 0) - (0.0025 / 3).squareRoot()) < 1e-12)   // s = 0.05
        #expect(row.published?.logLikelihood == -1.598 && abs((row.difference ?? 0) - 0.048) < 1e-12)
        #expect(report.markdown.contains("-1.550 ± 0.029") && report.csv.contains("-1.550000"))
        let html = try HTMLPageProbe.page(of: report)
        #expect(html.contains("-1.550 ± 0.029") && html.contains("-1.598 ± 0.027"))
    }

    /// LGF-MAF beside MAF on the same dataset: both means, their difference and √(s.e.₁² + s.e.₂²); a dataset
    /// with only one of the two has no comparison.
    @Test func comparesEachLocalisedModelWithItsBaseline() throws {
        let root = ExperimentFixtures.scratchFolder("comparison")
        for (seed, maf, lgf) in [(0, -1.50, -1.40), (1, -1.60, -1.45), (2, -1.55, -1.35)] {
            try makeRun(in: root, name: "maf\(seed)", learningRate: 1e-3, seed: UInt64(seed), validations: [-1.5], test: maf)
            try makeRun(in: root, name: "lgf\(seed)", kind: .lgfMAF, learningRate: 1e-3, seed: UInt64(seed), validations: [-1.4], test: lgf)
            try makeRun(in: root, name: "alone\(seed)", learningRate: 1e-3, seed: UInt64(seed), validations: [-2], test: -2,
                        adjust: { $0.data = .catalogue(name: "8gaussians", dataDirectory: nil) })
        }
        var options = ReportOptions()
        options.drawsFigures = false
        let report = try ReportBuilder.build(root: root, options: options)
        #expect(report.rows.count == 3)
        let comparison = try #require(report.comparisons.first)
        #expect(report.comparisons.count == 1 && comparison.dataset == "2uniforms")
        #expect(comparison.baseline == "maf" && comparison.localised == "lgf-maf")
        #expect(abs(comparison.difference - 0.15) < 1e-12)
        // Both standard errors are √(0.0025 / 3) (s = 0.05 for each), so the difference's is √2 times that.
        #expect(abs((comparison.differenceStandardError ?? 0) - (2 * 0.0025 / 3).squareRoot()) < 1e-12)
        #expect(comparison.formattedDifference == "+0.150 ± 0.041")
        // Bits per dimension as each run's evaluation gave them, −test / (2 ln 2) here.
        #expect(comparison.formattedBitsPerDimension == String(format: "%.3f → %.3f", 1.55 / (2 * log(2.0)), 1.40 / (2 * log(2.0))))
        #expect(report.markdown.contains("| 2uniforms | maf | -1.550 ± 0.029 | lgf-maf | -1.400 ± 0.029 | +0.150 ± 0.041 | 1.118 → 1.010 |"))
        let html = try HTMLPageProbe.page(of: report)
        #expect(html.contains("<table id=\"comparisons\">") && html.contains("+0.150 ± 0.041"))
    }
}

/// The HTML page as `Report.write` produces it.
enum HTMLPageProbe {
    static func page(of report: Report) throws -> String {
        let folder = ExperimentFixtures.scratchFolder("html")
        _ = try report.write(to: folder)
        return try String(contentsOfFile: (folder as NSString).appendingPathComponent("index.html"), encoding: .utf8)
    }
}
