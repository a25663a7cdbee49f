import Foundation
import Testing
import Tensors
import Flows
@testable import Configurations
@testable import Runs
@testable import Training
@testable import Reports

/// `lgf report` on image runs: a bounded, stated and cached test evaluation, and configuration files without the
/// vector `model` block (issue 14).
struct ImageReportTests {
    /// The configuration as JSON with the vector `model` block that image runs wrote before, as a dictionary.
    /// - Parameter runID: the run's id, kept beside the configuration's keys as `configuration.json` holds it.
    static func oldStyleJSON(of configuration: ExperimentConfiguration, runID: String? = nil) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(configuration)) as? [String: Any])
        object["runID"] = runID
        object["model"] = try JSONSerialization.jsonObject(with: JSONEncoder().encode(try #require(configuration.image).summaryModel))
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func anImageRunsConfigurationOmitsTheVectorModelAndAnOldOneStillLoads() throws {
        let configuration = ImageExperimentTests.configuration(.lgfRealNVP)
        let written = try JSONEncoder().encode(configuration)
        let object = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect(object["model"] == nil && object["image"] != nil)
        #expect(try JSONDecoder().decode(ExperimentConfiguration.self, from: written) == configuration)
        #expect(try JSONDecoder().decode(ExperimentConfiguration.self, from: Self.oldStyleJSON(of: configuration)) == configuration)
        // Vector runs keep their model block.
        let tabular = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ExperimentFixtures.tinyConfiguration(kind: .maf))) as? [String: Any]
        #expect(tabular?["model"] != nil)
    }

    @Test func theReportScoresImageRunsOnTheStatedImagesWithTheStatedKAndCachesThem() throws {
        let root = ExperimentFixtures.scratchFolder("image-report")
        let path = root + "/tiny.npy"
        try ImageExperimentTests.npy(ImageExperimentTests.stack(60, seed: 3)).write(to: URL(fileURLWithPath: path))
        let configuration = ImageExperimentTests.configuration(.lgfRealNVP, epochs: 1, path: path)
        let run = RunFolder(path: root + "/runs/lgf")
        try Trainer(configuration: configuration, images: try configuration.loadImages(), run: run).train()
        // A run folder written the old way, with the vector model block.
        let runID = try run.readStoredConfiguration().runID
        try Self.oldStyleJSON(of: configuration, runID: runID).write(to: URL(fileURLWithPath: run.path + "/configuration.json"))
        var options = ReportOptions()
        (options.imageImportanceSamples, options.testImages, options.drawsFigures) = (3, 4, false)
        let report = try ReportBuilder.build(root: root + "/runs", options: options)
        let row = try #require(report.rows.first)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(row.testImages == 4 && row.importanceSamples == 3)
        #expect(report.markdown.contains("K = 3, first 4 test images"))
        #expect(FileManager.default.fileExists(atPath: CachedEvaluation.path(in: run, importanceSamples: 3, imageLimit: 4, seed: 0)))
        #expect(report.evaluatedNow == 1)
        let again = try ReportBuilder.build(root: root + "/runs", options: options)
        #expect(again.evaluatedFromCache == 1 && again.rows.first?.test == row.test)
        // Another image count is another evaluation.
        options.testImages = 2
        let fewer = try ReportBuilder.build(root: root + "/runs", options: options)
        #expect(fewer.evaluatedNow == 1 && fewer.rows.first?.testImages == 2)
    }
}
