import Foundation
import Testing
import Configurations
import Flows
import Runs
@testable import CLI

/// The spline flows through the command line: `--model nsf | nsf-coupling | lgf-nsf | lgf-nsf-coupling` with `--bins`,
/// `--tail-bound` and `--objective`, trained, resumed, evaluated and sampled on two rectangles, where learning shows as
/// a higher test log-likelihood and as draws leaving the gap between the rectangles (|x₁| < 1, where the data have none).
struct SplineCLITests {
    private static func path(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// The records without their timings (which differ between runs).
    private static func timeless(_ records: [EpochRecord]) -> [EpochRecord] {
        records.map { var record = $0; record.seconds = 0; return record }
    }

    /// The test log-likelihood `evaluate --json` reports.
    private static func testLogLikelihood(_ run: String) throws -> Double {
        let report = try UserDataFiles.json(try CLIHarness.run(["evaluate", run, "--importance-samples", "5", "--json"]))
        return try #require(report["logLikelihood"] as? Double)
    }

    /// The fraction of `count` draws of the run's model in the gap between the rectangles.
    private static func fractionInGap(_ run: String, folder: String, count: Int = 2000) throws -> Double {
        let file = path(folder, "samples-\(UUID().uuidString).csv")
        try CLIHarness.run(["sample", run, "--count", String(count), "--seed", "3", "--output", file])
        let rows = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst()
        let first = rows.compactMap { $0.split(separator: ",").first.flatMap { Double($0) } }
        #expect(first.count == count && first.allSatisfy(\.isFinite))
        return Double(first.filter { abs($0) < 1 }.count) / Double(count)
    }

    @Test(arguments: ["nsf", "lgf-nsf"])
    func trainsResumesEvaluatesAndSamples(model: String) throws {
        let folder = CLIHarness.scratchFolder("spline-\(model)")
        let straight = Self.path(folder, "straight"), resumed = Self.path(folder, "resumed")
        let flags = ["--dataset", "2uniforms", "--model", model, "--batch-size", "250", "--bins", "6", "--tail-bound", "2.5", "--learning-rate", "0.005"]
            + CLIHarness.tinyModel
        try CLIHarness.run(["train"] + flags + ["--epochs", "6", "--output", straight, "--json"])
        try CLIHarness.run(["train"] + flags + ["--epochs", "1", "--output", resumed, "--json"])
        let configuration = try RunFolder(path: resumed).readConfiguration()
        #expect(configuration.model.modelName == model && configuration.model.spline == SplineSpecification(binCount: 6, tailBound: 2.5))
        #expect(!configuration.model.usesBatchNorm)
        let (early, earlyGap) = (try Self.testLogLikelihood(resumed), try Self.fractionInGap(resumed, folder: folder))

        try CLIHarness.run(["train", "--output", resumed, "--resume", "--epochs", "6", "--json"])
        // Resuming continues the run exactly: the same epochs as one uninterrupted run.
        let metrics = try RunFolder(path: resumed).readMetrics()
        #expect(Self.timeless(metrics) == Self.timeless(try RunFolder(path: straight).readMetrics()))
        let (late, lateGap) = (try Self.testLogLikelihood(resumed), try Self.fractionInGap(resumed, folder: folder))
        #expect(late > early + 0.1, "test log-likelihood after 1 epoch \(early), after 6 \(late); validation \(metrics.map(\.validation))")
        #expect(lateGap < earlyGap - 0.05, "draws in the gap after 1 epoch \(earlyGap), after 6 \(lateGap)")
        let described = try CLIHarness.run(["describe"] + flags)
        #expect(described.output.contains("rational-quadratic spline (6 bins on [−2.5, 2.5])"))
    }

    @Test(arguments: ["nsf-coupling", "lgf-nsf-coupling"])
    func couplingFormsTrain(model: String) throws {
        let run = UserDataFiles.runFolder("spline-\(model)")
        try CLIHarness.run(["train", "--dataset", "2uniforms", "--model", model, "--epochs", "2", "--batch-size", "500", "--output", run, "--json"]
                           + CLIHarness.tinyModel)
        #expect(try RunFolder(path: run).readConfiguration().model.modelName == model)
        #expect(try Self.testLogLikelihood(run).isFinite)
    }

    @Test func theObjectiveIsRecordedAndDescribed() throws {
        let (configuration, _, _) = try UserDataFiles.describedConfiguration(["--dataset", "2uniforms", "--model", "lgf-nsf", "--objective", "iwae",
                                                                            "--train-draws", "5"])
        #expect(configuration.training.objective == .iwae && configuration.training.trainDrawCount == 5)
        let described = try CLIHarness.run(["describe", "--dataset", "2uniforms", "--model", "lgf-nsf", "--objective", "iwae"])
        #expect(described.output.contains("K_train 10 (iwae)"))
        // Without the flag the run records no objective (the ELBO, as every run before the choice existed).
        #expect(try UserDataFiles.describedConfiguration(["--dataset", "2uniforms", "--model", "lgf-maf"]).0.training.objective == nil)
    }

    @Test func splineKeysComeFromFlagsAndFilesAndAreRefusedWhereThereIsNoSpline() throws {
        let file = BadInputTests.file("spline.yaml", "bins: 4\ntail-bound: 5\n")
        let (configuration, _, _) = try UserDataFiles.describedConfiguration(["--dataset", "rings", "--model", "nsf-coupling", "--config", file])
        #expect(configuration.model.spline == SplineSpecification(binCount: 4, tailBound: 5))
        BadInputTests.expectFailure(["describe", "--dataset", "rings", "--model", "maf", "--bins", "4"],
                                    mentioning: ["bins apply to the spline models", "nsf, nsf-coupling, lgf-nsf, lgf-nsf-coupling", "not to maf"])
        BadInputTests.expectFailure(["describe", "--dataset", "rings", "--model", "lgf-maf", "--config", file], mentioning: ["bins, tail-bound apply"])
        BadInputTests.expectFailure(["describe", "--dataset", "rings", "--model", "nsf", "--bins", "0"], mentioning: ["spline.binCount is 0", "between 1 and"])
        BadInputTests.expectFailure(["describe", "--dataset", "rings", "--model", "nsf", "--tail-bound", "-1"], mentioning: ["spline.tailBound is -1.0", "positive"])
        BadInputTests.expectFailure(["describe", "--dataset", "mnist", "--model", "nsf"], mentioning: ["spline steps", "realnvp"])
        BadInputTests.expectFailure(["describe", "--dataset", "rings", "--model", "spline"], mentioning: ["nsf-coupling"])
    }

    @Test func defaultsFollowTheCifCodesSplineFlows() throws {
        let (nsf, _, _) = try UserDataFiles.describedConfiguration(["--dataset", "miniboone", "--model", "nsf"])
        #expect(nsf.model.spline == SplineSpecification(binCount: 4, tailBound: 3) && !nsf.model.usesBatchNorm)
        #expect(nsf.model.layerCount == 10 && nsf.model.hiddenCounts == [64, 64])
        let (rectangles, _, _) = try UserDataFiles.describedConfiguration(["--dataset", "2uniforms", "--model", "lgf-nsf"])
        #expect(rectangles.model.spline == SplineSpecification() && !rectangles.model.usesBatchNorm)
        #expect(rectangles.model.hiddenCounts == ModelSpecification.figure1LGFMAF().hiddenCounts)
        let faithful = (CLIHarness.fixtures as NSString).appendingPathComponent("tables/faithful.csv")
        let (user, _, _) = try UserDataFiles.describedConfiguration(["--train-file", faithful, "--model", "nsf"])
        #expect(user.model.spline == SplineSpecification() && !user.model.usesBatchNorm && user.model.inputStandardization != nil)
        // A localised spline model on a file keeps the batch norm after its indexed layers; on a paper dataset it has none.
        let (localised, _, _) = try UserDataFiles.describedConfiguration(["--train-file", faithful, "--model", "lgf-nsf"])
        #expect(localised.model.indexedLayers == DataSizedDefaults.indexedLayers && localised.model.indexedLayers.normalization == .batchNorm)
        #expect(rectangles.model.indexedLayers == .paper)
    }
}
