import Foundation
import Testing
@testable import Configurations
import Runs
import Datasets
import Flows
@testable import CLI

/// A user's own file through the command line: standardisation in the data's own units, constant and
/// discrete columns, dropped and label columns, gzip input, shuffled splits and data-sized defaults.
struct UserDataTests {
    @Test func standardisesByDefaultAndReportsLogLikelihoodsAndSamplesInRawUnits() throws {
        let file = try UserDataFiles.rawScale()
        let run = UserDataFiles.runFolder("standardised")
        let training = try CLIHarness.run(["train", "--train-file", file, "--model", "maf", "--epochs", "2", "--output", run] + CLIHarness.tinyModel)
        #expect(training.output.contains("Standardised by the training split's mean and std"))
        #expect(training.output.contains("data's own units"))

        let configuration = try RunFolder(path: run).readConfiguration()
        let train = try configuration.loadDataset().train
        let standardization = try #require(configuration.model.inputStandardization)
        #expect(standardization.mean == train.columnMeans() && standardization.std == train.columnStandardDeviations())
        #expect(abs(standardization.std[0] - 50) < 10 && abs(standardization.std[1] - 0.01) < 0.002)

        let report = try UserDataFiles.json(try CLIHarness.run(["evaluate", run, "--json"]))
        let logLikelihood = try #require(report["logLikelihood"] as? Double)
        let baseline = try #require(report["gaussianBaseline"] as? Double)
        let jacobian = try #require(report["standardizationLogJacobian"] as? Double)
        #expect(abs(jacobian - (-log(standardization.std[0]) - log(standardization.std[1]))) < 1e-9)
        // In raw units a Gaussian scores about −Σ log σ − log(2πe) ≈ −2.1 nats; a barely trained flow on the
        // standardised data is close to it, while a flow fed x ≈ 1000 unstandardised would be off by thousands.
        #expect(abs(baseline - (jacobian - (1 + log(2 * Double.pi)))) < 0.7)
        #expect(abs(logLikelihood - baseline) < 1, "flow \(logLikelihood), Gaussian \(baseline)")

        let samplesPath = (CLIHarness.scratchFolder("samples") as NSString).appendingPathComponent("samples.csv")
        try CLIHarness.run(["sample", run, "--count", "2000", "--output", samplesPath])
        let samples = try TableFile.read(path: samplesPath)
        #expect(samples.columnNames == ["big", "tiny"])
        let means = samples.columnMeans(), dataMeans = train.columnMeans()
        #expect(abs(means[0] - dataMeans[0]) < 0.3 * standardization.std[0], "sample mean \(means[0]) against \(dataMeans[0])")
        #expect(abs(means[1] - dataMeans[1]) < 0.3 * standardization.std[1], "sample mean \(means[1]) against \(dataMeans[1])")
    }

    @Test func noStandardizeLeavesTheColumnsAsTheyAre() throws {
        let file = try UserDataFiles.rawScale(rows: 100)
        let (standardised, _, _) = try UserDataFiles.describedConfiguration(["--train-file", file])
        #expect(standardised.model.inputStandardization != nil)
        let (plain, _, _) = try UserDataFiles.describedConfiguration(["--train-file", file, "--no-standardize"])
        #expect(plain.model.inputStandardization == nil)
        let text = try CLIHarness.run(["describe", "--train-file", file, "--no-standardize"]).output
        #expect(text.contains("Not standardised (--no-standardize)"))
        BadInputTests.expectFailure(["describe", "--dataset", "rings", "--no-standardize"], mentioning: ["--no-standardize", "--train-file"])
    }

    @Test func constantColumnsAreDroppedWithAWarning() throws {
        let file = try UserDataFiles.csv("constant.csv", columns: ["a", "c", "b"], rows: 120) { _, g in
            [UserDataFiles.normal(&g), 7, UserDataFiles.normal(&g)]
        }
        let (configuration, object, capture) = try UserDataFiles.describedConfiguration(["--train-file", file, "--model", "maf"])
        #expect(object["dimension"] as? Int == 2)
        #expect(capture.errors.contains("column 2 (c) is constant") && capture.errors.contains("dropped"))
        let preparation = try #require(configuration.preparation)
        #expect(preparation.keptColumns == [1, 3] && preparation.columnNames == ["a", "b"])
        #expect(preparation.droppedColumns == [.init(column: 2, name: "c", reason: .constant)])

        let allConstant = try UserDataFiles.csv("flat.csv", columns: ["p", "q"], rows: 50) { _, _ in [1, 2] }
        BadInputTests.expectFailure(["train", "--train-file", allConstant, "--output", UserDataFiles.runFolder("flat")],
                                    mentioning: [allConstant, "no columns are left", "p (constant)"])
        // Every column taken as context was reported as "after dropping " followed by nothing.
        let allContext = try UserDataFiles.csv("all-context.csv", columns: ["u", "v", "w"], rows: 50) { _, g in
            [UserDataFiles.normal(&g), UserDataFiles.normal(&g), UserDataFiles.normal(&g)]
        }
        BadInputTests.expectFailure(["train", "--train-file", allContext, "--context-columns", "u,w", "--drop-columns", "v",
                                     "--output", UserDataFiles.runFolder("all-context")],
                                    mentioning: [allContext, "no columns are left", "u (context), v (requested), w (context)"])
    }

    @Test func discreteColumnsAreNamedAndDequantisedOnRequest() throws {
        let file = try UserDataFiles.csv("counts.csv", columns: ["x", "count"], rows: 200) { i, g in [UserDataFiles.normal(&g), Double(i % 5)] }
        let (plain, _, warned) = try UserDataFiles.describedConfiguration(["--train-file", file])
        #expect(warned.errors.contains("1 column looks discrete") && warned.errors.contains("count (5 values, step 1)"))
        #expect(warned.errors.contains("--dequantize"))
        #expect(plain.preparation?.dequantizationSteps == nil)

        let (configuration, _, _) = try UserDataFiles.describedConfiguration(["--train-file", file, "--dequantize"])
        #expect(configuration.preparation?.dequantizationSteps == [0, 1])
        let dataset = try configuration.loadDataset()
        for table in [dataset.train, dataset.validation, dataset.test] {
            let counts = table.column(1)
            #expect(counts.allSatisfy { $0 != $0.rounded() && (0 ... 4).contains($0.rounded()) })
        }
        #expect(try configuration.loadDataset().train == dataset.train)   // the noise is seeded: the same splits every time
        let text = try CLIHarness.run(["describe", "--train-file", file, "--dequantize"]).output
        #expect(text.contains("Dequantised with centred uniform noise: count ± 0.5"))
    }

    @Test func droppedAndLabelColumnsAndPerPointLogLikelihoods() throws {
        let file = try UserDataFiles.csv("labelled.csv", columns: ["id", "x", "y", "kind"], rows: 150) { i, g in
            let a = UserDataFiles.normal(&g)
            return [Double(i), a, a + 0.5 * UserDataFiles.normal(&g), Double(i % 3)]
        }
        let run = UserDataFiles.runFolder("labelled")
        try CLIHarness.run(["train", "--train-file", file, "--model", "maf", "--drop-columns", "id", "--label-column", "kind",
                            "--epochs", "1", "--output", run] + CLIHarness.tinyModel)
        let configuration = try RunFolder(path: run).readConfiguration()
        #expect(configuration.model.dimension == 2)
        #expect(configuration.preparation?.droppedColumns.map(\.reason) == [.requested, .label])
        let (byNumber, _, _) = try UserDataFiles.describedConfiguration(["--train-file", file, "--drop-columns", "1", "--label-column", "4"])
        #expect(byNumber.preparation?.keptColumns == [2, 3])

        let perPoint = (CLIHarness.scratchFolder("per-point") as NSString).appendingPathComponent("points.csv")
        let report = try UserDataFiles.json(try CLIHarness.run(["evaluate", run, "--per-point", perPoint, "--json"]))
        let table = try TableFile.read(path: perPoint)
        #expect(table.columnNames == ["logLikelihood", "kind"])
        #expect(table.rowCount == report["points"] as? Int)
        let mean = table.column(0).reduce(0, +) / Double(table.rowCount)
        #expect(abs(mean - (report["logLikelihood"] as? Double ?? .nan)) < 1e-9)
        let labels = try #require(configuration.loadData().labels)
        #expect(table.column(1) == labels.test.column(0))

        // A file with all the original columns is reduced to the modelled ones, its labels kept.
        let whole = try UserDataFiles.json(try CLIHarness.run(["evaluate", run, "--test-file", file, "--per-point", perPoint, "--json"]))
        #expect(whole["points"] as? Int == 150 && whole["dimension"] as? Int == 2)
        #expect(try TableFile.read(path: perPoint).column(1) == (0 ..< 150).map { Double($0 % 3) })

        BadInputTests.expectFailure(["describe", "--train-file", file, "--drop-columns", "weight"],
                                    mentioning: [file, "no column \"weight\"", "\"id\", \"x\", \"y\", \"kind\""])
    }

    @Test func perPointStandardErrorsForLocalisedModels() throws {
        let file = try UserDataFiles.rawScale(rows: 100)
        let run = UserDataFiles.runFolder("per-point-lgf")
        try CLIHarness.run(["train", "--train-file", file, "--model", "lgf-maf", "--epochs", "1", "--output", run] + CLIHarness.tinyModel)
        let perPoint = (CLIHarness.scratchFolder("per-point") as NSString).appendingPathComponent("points.npy")
        let capture = try CLIHarness.run(["evaluate", run, "--importance-samples", "8", "--per-point", perPoint])
        #expect(capture.output.contains("per point: \(perPoint)") && capture.output.contains("Gaussian"))
        let table = try TableFile.read(path: perPoint)
        #expect(table.rowCount == 10 && table.columnCount == 2)
        #expect(table.column(1).allSatisfy { $0 > 0 && $0.isFinite })   // K = 8 draws leave a visible estimator error
    }

    @Test func gzipCompressedFilesAreRead() throws {
        let folder = CLIHarness.scratchFolder("gzip")
        let table = try TableFile.read(path: try UserDataFiles.rawScale(rows: 200))
        for name in ["points.csv.gz", "points.npy.gz"] {
            let path = (folder as NSString).appendingPathComponent(name)
            try TableFile.write(table, to: path)
            let (_, object, _) = try UserDataFiles.describedConfiguration(["--train-file", path, "--model", "maf"])
            #expect(object["dimension"] as? Int == 2 && object["trainRows"] as? Int == 162)
            #expect(object["dataset"] as? String == "points")
        }
    }

    @Test func theDigitsFileLosesItsConstantPixelsAndItsLabel() throws {
        let digits = (CLIHarness.fixtures as NSString).appendingPathComponent("tables/digits-first200.csv.gz")
        let (configuration, _, capture) = try UserDataFiles.describedConfiguration(["--train-file", digits, "--model", "maf", "--label-column", "65"])
        let preparation = try #require(configuration.preparation)
        let constant = preparation.droppedColumns.filter { $0.reason == .constant }
        #expect(constant.count >= 3 && capture.errors.contains("is constant"))
        #expect(configuration.model.dimension == 64 - constant.count)
    }

    @Test func defaultsAreSizedToTheFileAndThePaperKeepsItsOwn() throws {
        let small = try UserDataFiles.rawScale(rows: 300)
        let (configuration, _, _) = try UserDataFiles.describedConfiguration(["--train-file", small, "--model", "lgf-maf"])
        #expect(configuration.training.batchSize == 32 && configuration.training.patience == 50 && configuration.training.trainDrawCount == 10)
        #expect(configuration.model.layerCount == 5 && configuration.model.hiddenCounts == [32, 32] && configuration.model.indexDimension == 1)
        #expect(configuration.training.minimumSteps == DataSizedDefaults.minimumSteps && configuration.training.batchNormStatistics == .trainingSet)
        #expect(configuration.model.indexedLayers == IndexedLayerSetup(normalization: .batchNorm, initialization: .standard))
        let text = try CLIHarness.run(["describe", "--train-file", small]).output
        #expect(text.contains("Defaults sized to the data") && text.contains("\"< 1,000 rows\" tier"))

        let larger = try UserDataFiles.rawScale(rows: 3_000, name: "larger.csv")
        let (sized, _, _) = try UserDataFiles.describedConfiguration(["--train-file", larger, "--model", "maf", "--epochs", "7"])
        #expect(sized.training.batchSize == 2_430 / 40 && sized.model.hiddenCounts == [64, 64] && sized.training.maximumEpochs == 7)
        #expect(sized.model.indexedLayers == .paper && sized.model.usesBatchNorm && sized.training.batchNormStatistics == .trainingSet)
        let (paperSetup, _, _) = try UserDataFiles.describedConfiguration(["--train-file", larger, "--index-normalization", "none", "--minimum-steps", "1"])
        #expect(paperSetup.model.indexedLayers == .paper && paperSetup.training.minimumSteps == 1)

        let (paper, _, _) = try UserDataFiles.describedConfiguration(["--dataset", "rings", "--model", "maf"])
        let expected = PaperDefaults.configuration(dataset: "rings", dimension: 2, kind: .maf)
        #expect(paper.model == expected.model && paper.training == expected.training && paper.preparation == nil)
    }

    @Test func rowsAreShuffledBeforeValidationAndTestAreCarvedUnlessAskedNotTo() throws {
        let file = try UserDataFiles.csv("ordered.csv", columns: ["row", "x"], rows: 200) { i, g in [Double(i), UserDataFiles.normal(&g)] }
        let (shuffled, _, _) = try UserDataFiles.describedConfiguration(["--train-file", file])
        #expect(shuffled.preparation?.shuffled == true)
        let test = try shuffled.loadDataset().test.column(0)
        #expect(test.count == 20 && test.contains { $0 < 180 })
        let text = try CLIHarness.run(["describe", "--train-file", file]).output
        #expect(text.contains("after a shuffle of its rows seeded by --seed 0"))

        let (ordered, _, _) = try UserDataFiles.describedConfiguration(["--train-file", file, "--no-shuffle"])
        #expect(ordered.preparation?.shuffled == false)
        #expect(try ordered.loadDataset().test.column(0) == (180 ..< 200).map(Double.init))
        #expect(try CLIHarness.run(["describe", "--train-file", file, "--no-shuffle"]).output.contains("in file order (--no-shuffle)"))
    }
}
