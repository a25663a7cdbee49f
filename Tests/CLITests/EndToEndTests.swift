import Foundation
import Testing
import Runs
import Flows
@testable import CLI

/// Two-epoch runs through the command line, for every model, on a 2-D target and on a real table.
struct EndToEndTests {
    @Test(arguments: ModelName.allCases.map(\.rawValue))
    func trainEvaluateSampleOnTwoRectangles(model: String) throws {
        let folder = CLIHarness.scratchFolder("e2e-\(model)")
        let run = (folder as NSString).appendingPathComponent("run")
        try CLIHarness.run(["train", "--dataset", "2uniforms", "--model", model, "--epochs", "2", "--batch-size", "500", "--output", run, "--json"] + CLIHarness.tinyModel)
        #expect(try RunFolder(path: run).readMetrics().map(\.epoch) == [1, 2])
        try CLIHarness.run(["evaluate", run, "--importance-samples", "5", "--json"])
        let samples = (folder as NSString).appendingPathComponent("samples.npy")
        try CLIHarness.run(["sample", run, "--count", "50", "--output", samples])
        #expect(FileManager.default.fileExists(atPath: samples))
        try CLIHarness.run(["describe", "--dataset", "2uniforms", "--model", model, "--json"] + CLIHarness.tinyModel)
    }

    @Test func trainsOnARealTable() throws {
        let wine = (CLIHarness.fixtures as NSString).appendingPathComponent("tables/winequality-red-first200.csv")
        let folder = CLIHarness.scratchFolder("wine")
        let run = (folder as NSString).appendingPathComponent("run")
        try CLIHarness.run(["train", "--train-file", wine, "--model", "lgf-maf", "--epochs", "2", "--batch-size", "50", "--hidden", "16,16", "--output", run] + Array(CLIHarness.tinyModel.dropFirst(4)))
        let configuration = try RunFolder(path: run).readConfiguration()
        #expect(configuration.model.dimension == 12)
        let loaded = try LoadedRun(folder: RunFolder(path: run))
        let report = try RunEvaluator.evaluate(loaded, importanceSamples: 5)
        // MAF split rule: 200 rows → test = Int(0.1 × 200) = 20 rows (the last 20 of the shuffled file).
        #expect(report.points == 20)
        #expect(report.logLikelihood.isFinite && report.optimum == nil)
    }

    @Test func trainsOnOldFaithfulAndPlotsIt() throws {
        let faithful = (CLIHarness.fixtures as NSString).appendingPathComponent("tables/faithful.csv")
        let folder = CLIHarness.scratchFolder("faithful")
        let run = (folder as NSString).appendingPathComponent("run")
        try CLIHarness.run(["train", "--train-file", faithful, "--model", "maf", "--epochs", "2", "--batch-size", "100", "--output", run] + CLIHarness.tinyModel)
        let png = (folder as NSString).appendingPathComponent("density.png")
        try CLIHarness.run(["plot", run, "--output", png, "--curves", "", "--grid-size", "20"])
        let bytes = try #require(FileManager.default.contents(atPath: png))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // Samples carry the data's column names.
        let samples = (folder as NSString).appendingPathComponent("samples.csv")
        try CLIHarness.run(["sample", run, "--count", "5", "--output", samples])
        let header = try String(contentsOfFile: samples, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("eruptions") && header.contains("waiting") && !header.contains("x1"))
    }
}
