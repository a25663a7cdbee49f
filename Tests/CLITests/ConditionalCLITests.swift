import Foundation
import Testing
import Configurations
import Runs
import Datasets
import Flows
@testable import CLI
import SeededRandom
import Sweeps
import Reports

/// Conditional densities p(x | c) from the command line: a file with context columns through train, resume,
/// evaluate, sample and describe, and bad contexts refused with clear messages.
struct ConditionalCLITests {
    /// x = (2c + μ_label + 0.3 ε₁, −c + 0.5 ε₂) with c ~ N(1, 0.5²) and a label in {0, 1, 2} (μ = −2, 0, 2): given c and
    /// the label, x is a Gaussian of log-density −0.22 − 0.73 ≈ −0.94 nats; without them x₁ spreads over ≈ ±3.
    static func file(rows: Int = 1200) throws -> String {
        try UserDataFiles.csv("conditional.csv", columns: ["x1", "x2", "c", "label"], rows: rows, seed: 7) { i, g in
            let c = 1 + 0.5 * UserDataFiles.normal(&g), label = Double(i % 3)
            return [2 * c + 2 * (label - 1) + 0.3 * UserDataFiles.normal(&g), -c + 0.5 * UserDataFiles.normal(&g), c, label]
        }
    }

    static let quick = ["--model", "maf", "--layers", "3", "--hidden", "32,32", "--batch-size", "100", "--learning-rate", "0.005"]

    static func trained(_ name: String, _ extra: [String], epochs: Int = 15) throws -> (run: String, file: String) {
        let file = try file()
        let run = UserDataFiles.runFolder(name)
        try CLIHarness.run(["train", "--train-file", file, "--output", run, "--epochs", "\(epochs)"] + quick + extra)
        return (run, file)
    }

    @Test func theConditionalModelLearnsWhatTheContextTellsAndTheUnconditionalOneCannot() throws {
        let (conditional, file) = try Self.trained("conditional", ["--context-columns", "c,label"])
        let (marginal, _) = try Self.trained("marginal", ["--drop-columns", "c,label"])
        let given = try UserDataFiles.json(try CLIHarness.run(["evaluate", conditional, "--json"]))
        let alone = try UserDataFiles.json(try CLIHarness.run(["evaluate", marginal, "--json"]))
        let conditionalLL = try #require(given["logLikelihood"] as? Double), marginalLL = try #require(alone["logLikelihood"] as? Double)
        // The true conditional density scores about −0.94 nats, a Gaussian fitted to x alone about −3.1.
        #expect(conditionalLL > marginalLL + 1, "log p(x | c) \(conditionalLL) against log p(x) \(marginalLL)")
        #expect(conditionalLL > -2.0, "log p(x | c) \(conditionalLL)")
        #expect(given["context"] as? [String] == ["c", "label"] && alone["context"] is NSNull)

        // The run records its context: c numeric and standardised by the training split, the label one-hot.
        let configuration = try RunFolder(path: conditional).readConfiguration()
        let context = try #require(configuration.preparation?.context)
        #expect(context == [ContextColumn(column: 3, name: "c"), ContextColumn(column: 4, name: "label", categories: [0, 1, 2])])
        #expect(configuration.preparation?.keptColumns == [1, 2])
        let specification = try #require(configuration.model.context)
        #expect(specification.dimension == 4)
        let standardization = try #require(specification.standardization)
        #expect(abs(standardization.mean[0] - 1) < 0.1 && abs(standardization.std[0] - 0.5) < 0.1)
        #expect(standardization.mean.dropFirst() == [0, 0, 0] && standardization.std.dropFirst() == [1, 1, 1])

        // The same points scored from the file with all its columns give the same per-point values as the run's test split.
        let text = try CLIHarness.run(["evaluate", conditional, "--test-file", file]).output
        #expect(text.contains("log p(x | c) given c, label"))
        let perPoint = (CLIHarness.scratchFolder("per-point") as NSString).appendingPathComponent("points.csv")
        try CLIHarness.run(["evaluate", conditional, "--per-point", perPoint])
        #expect(try TableFile.read(path: perPoint).rowCount == (given["points"] as? Int))
    }

    @Test func samplesGivenAContextFollowTheContextAndCarryIt() throws {
        let (run, _) = try Self.trained("sampled", ["--context-columns", "c", "--categorical-context", "label"])
        let output = (CLIHarness.scratchFolder("conditional-samples") as NSString).appendingPathComponent("samples.csv")
        let printed = try CLIHarness.run(["sample", run, "--context", "1.5, 2", "--count", "2000", "--output", output]).output
        #expect(printed.contains("each row followed by its context (c, label)"))
        let samples = try TableFile.read(path: output)
        #expect(samples.columnNames == ["x1", "x2", "c", "label"] && samples.rowCount == 2000)
        let means = samples.columnMeans()
        // Given c = 1.5 and label 2: E[x1] = 3 + 2 = 5, E[x2] = −1.5 (the data's x1 ranges over about −3…6).
        #expect(abs(means[0] - 5) < 0.6 && abs(means[1] + 1.5) < 0.4, "sample means \(means)")
        #expect(means[2] == 1.5 && means[3] == 2)

        let contexts = BadInputTests.file("contexts.csv", "c,label\n0.5,0\n1.5,1\n")
        let perContext = (CLIHarness.scratchFolder("per-context") as NSString).appendingPathComponent("samples.npy")
        let result = try UserDataFiles.json(try CLIHarness.run(["sample", run, "--context-file", contexts, "--count", "300", "--output", perContext, "--json"]))
        #expect(result["count"] as? Int == 600)
        let table = try TableFile.read(path: perContext)
        let first = table.rows(in: 0 ..< 300).columnMeans(), second = table.rows(in: 300 ..< 600).columnMeans()
        #expect(first[2] == 0.5 && first[3] == 0 && second[2] == 1.5 && second[3] == 1)
        #expect(abs(first[0] - (1 - 2)) < 0.6 && abs(second[0] - 3) < 0.6, "x1 means \(first[0]), \(second[0])")

        let description = try CLIHarness.run(["describe", "--train-file", try Self.file(), "--context-columns", "c", "--categorical-context", "label"]).output
        #expect(description.contains("Conditional density p(x | c)") && description.contains("label (categorical: 0, 1, 2; one-hot, 3 features)"))
        #expect(description.contains("c (numeric, standardised by mean"))
    }

    @Test func aConditionalRunResumesAndItsContextSettingsLand() throws {
        let (run, _) = try Self.trained("resumed", ["--context-columns", "c,label", "--context-embedding", "8,3"], epochs: 2)
        try CLIHarness.run(["train", "--output", run, "--resume", "--epochs", "3"])
        #expect(try RunFolder(path: run).readMetrics().map(\.epoch) == [1, 2, 3])
        let configuration = try RunFolder(path: run).readConfiguration()
        #expect(configuration.model.context?.embedding == ContextEmbeddingSpecification(hiddenCounts: [8], outputCount: 3))
        let report = try UserDataFiles.json(try CLIHarness.run(["evaluate", run, "--json"]))
        #expect((report["logLikelihood"] as? Double)?.isFinite == true)

        let (lgf, _) = try Self.trained("lgf-context", ["--context-columns", "c,label", "--model", "lgf-maf", "--context-shift-scale", "true"] + CLIHarness.tinyModel, epochs: 1)
        #expect(try RunFolder(path: lgf).readConfiguration().model.context?.shiftScaleSeesContext == true)
        let lgfReport = try UserDataFiles.json(try CLIHarness.run(["evaluate", lgf, "--importance-samples", "4", "--json"]))
        #expect(lgfReport["exact"] as? Bool == false && (lgfReport["logLikelihood"] as? Double)?.isFinite == true)
    }

    @Test func badContextsAreRefusedSayingWhatWasExpected() throws {
        let (run, file) = try Self.trained("refusing", ["--context-columns", "c,label"], epochs: 1)
        let output = (CLIHarness.scratchFolder("refused") as NSString).appendingPathComponent("samples.csv")
        let sample = ["sample", run, "--output", output, "--count", "5"]
        BadInputTests.expectFailure(sample + ["--context", "1"], mentioning: ["--context", "expected 2 context values per row (c, label), got 1"])
        BadInputTests.expectFailure(sample + ["--context", "nan,1"], mentioning: ["c in row 1 is not a finite number"])
        BadInputTests.expectFailure(sample + ["--context", "0.5,7"], mentioning: ["label = 7", "expected one of 0, 1, 2"])
        BadInputTests.expectFailure(sample + ["--context", "0.5,one"], mentioning: ["\"one\" is not a number"])
        BadInputTests.expectFailure(sample, mentioning: ["conditional model of x given c (numeric), label (categorical: 0, 1, 2)", "--context"])
        let wide = BadInputTests.file("wide-contexts.csv", "1,2,3\n")
        BadInputTests.expectFailure(sample + ["--context-file", wide], mentioning: [wide, "expected 2 context values", "got 3"])
        #expect(CLIHarness.failure(sample + ["--context", "0.5,7"])?.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: output))

        let xOnly = BadInputTests.file("x-only.csv", "x1,x2\n0.1,0.2\n")
        BadInputTests.expectFailure(["evaluate", run, "--test-file", xOnly], mentioning: [xOnly, "all the columns of its training file", "expected 4 columns, found 2"])
        let (plain, _) = try Self.trained("plain", ["--drop-columns", "c,label"], epochs: 1)
        BadInputTests.expectFailure(["sample", plain, "--context", "1,2", "--output", output], mentioning: ["not a conditional model"])

        let train = ["train", "--train-file", file, "--output", UserDataFiles.runFolder("bad-context")] + Self.quick
        BadInputTests.expectFailure(train + ["--context-columns", "c", "--label-column", "c"], mentioning: ["column c", "both as context and as the label"])
        BadInputTests.expectFailure(train + ["--context-columns", "nothing"], mentioning: ["nothing"])
        BadInputTests.expectFailure(train + ["--context-embedding", "4,2"], mentioning: ["context-embedding", "conditional runs"])
        let constant = try UserDataFiles.csv("constant-context.csv", columns: ["x", "k"], rows: 60) { _, g in [UserDataFiles.normal(&g), 3] }
        BadInputTests.expectFailure(["train", "--train-file", constant, "--context-columns", "k", "--output", UserDataFiles.runFolder("constant")],
                                    mentioning: ["context column k", "constant"])
        BadInputTests.expectFailure(["describe", "--dataset", "rings", "--context-columns", "1"], mentioning: ["--context-columns", "--train-file"])
    }

    @Test func aSweepTrainsConditionalRunsAndItsReportSaysTheFiguresAreConditional() throws {
        let file = try Self.file(rows: 600)
        let folder = CLIHarness.scratchFolder("conditional-sweep")
        let output = (folder as NSString).appendingPathComponent("out")
        let spec = try SweepHarness.specification("""
            datasets:
              - {name: pairs, train: \(file), context-columns: [c], categorical-context: label}
            models: [maf]
            seeds: [0]
            settings: {layers: 2, hidden: [16, 16], epochs: 2, batch-size: 100}
            """, folder: folder)
        try CLIHarness.run(["sweep", spec, "--output", output, "--jobs", "1", "--executable", SweepHarness.executable, "--json"])
        let runs = try #require(try SweepLedger(root: output).readPlan()?.runs)
        let configuration = try SweepLedger(root: output).folder(of: runs[0]).readConfiguration()
        #expect(configuration.preparation?.context?.map(\.name) == ["c", "label"] && configuration.model.context?.dimension == 4)
        try CLIHarness.run(["report", output, "--json"])
        let rows = try SweepHarness.table(of: output)
        #expect(rows.count == 1 && rows[0].context == ["c", "label"] && rows[0].test.mean.isFinite)
        let markdown = try String(contentsOfFile: (output as NSString).appendingPathComponent("report/results.md"), encoding: .utf8)
        #expect(markdown.contains("log p(x | c) given c, label") && markdown.contains("are conditional log-likelihoods"))
    }
}
