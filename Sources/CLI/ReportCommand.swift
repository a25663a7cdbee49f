import ArgumentParser
import Foundation
import Tensors
import Runs
import Reports

/// `lgf report DIR`: the paper's tables from a folder of runs.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Tables and figures from a folder of runs: configuration chosen by validation, test log-likelihood over seeds beside the published figures.",
        discussion: """
            Finds every run folder under DIR (e.g. a sweep's). Per dataset and model it chooses the configuration with the best \
            mean validation estimate over seeds (as the paper did), evaluates each seed's best checkpoint on the test split \
            (K importance samples for localised models; cached in the run folder as evaluations/test-K<K>-seed<s>.json; \
            image runs on their first --test-images test images with --image-k samples, cached as test-K<K>-images<n>-seed<s>.json) and \
            reports mean ± standard error over seeds beside the published ones (LGF paper, Table 1). Writes results.md, results.csv, results.json and \
            a self-contained index.html (tables, training curves, 2-D densities and densities over consecutive epochs). \
            JSON keys: output, files, rows, evaluatedNow, evaluatedFromCache.
            """)

    @Argument(help: "A folder of run folders (e.g. a sweep's --output).", completion: .directory)
    var folder: String

    @Option(help: "Where to write the report (default DIR/report).", completion: .directory)
    var output: String?

    @Option(parsing: .unconditional, help: "K, importance samples per test point for localised models.")
    var importanceSamples: Int = RunEvaluator.defaultImportanceSamples

    @Option(name: .customLong("image-k"), parsing: .unconditional, help: "K for image runs' test estimates (localised models; exact ones ignore it). The paper's 1000 on 10,000 images is CPU-days on a CPU.")
    var imageK: Int = ReportOptions.defaultImageImportanceSamples

    @Option(parsing: .unconditional, help: "Image runs are scored on their first this-many test images.")
    var testImages: Int = ReportOptions.defaultTestImages

    @OptionGroup var random: SeedOption

    @OptionGroup var figure: DensityFigureOptions

    @Option(parsing: .unconditional, help: "Epochs shown in the strip of densities over consecutive epochs (runs trained with --snapshot-epochs).")
    var stripEpochs: Int = 5

    @Flag(help: "Tabulate every configuration's test log-likelihood, not only the chosen one's (the chosen one is marked).")
    var everyConfiguration = false

    @Flag(help: "Count runs that have not ended (interrupted, or still training) with their best checkpoint so far; the epochs column shows how far they got.")
    var includeUnfinished = false

    @Flag(help: "Tables only: no figures.")
    var noFigures = false

    @OptionGroup var memory: MemoryLimitOption

    @OptionGroup var compute: ComputeOptions

    @OptionGroup var format: JSONOption

    struct Result: Encodable { let output: String, files: [String], rows: [ResultRow], evaluatedNow: Int, evaluatedFromCache: Int }

    func validate() throws {
        try OptionBounds.check([("--importance-samples", importanceSamples, 1), ("--strip-epochs", stripEpochs, 2), ("--image-k", imageK, 1),
                                ("--test-images", testImages, 1)])
    }

    func run() throws {
        compute.apply()
        guard FileManager.default.fileExists(atPath: folder) else { throw ValidationError("\(folder) does not exist") }
        var options = ReportOptions()
        options.importanceSamples = importanceSamples
        options.evaluationSeed = random.seed
        options.imageImportanceSamples = imageK
        options.testImages = testImages
        options.drawsFigures = !noFigures
        options.gridSize = figure.gridSize(default: ReportOptions().gridSize)
        options.sampling = figure.sampling()
        options.stripEpochs = stripEpochs
        options.reportsEveryConfiguration = everyConfiguration
        options.limits = memory.limits
        options.includesUnfinished = includeUnfinished
        let report = try ReportBuilder.build(root: folder, options: options, progress: format.json ? nil : { FileHandle.standardError.write(Data("  \($0)\n".utf8)) })
        let destination = output ?? (folder as NSString).appendingPathComponent("report")
        let files = try report.write(to: destination)
        if format.json {
            return try JSONLine.print(Result(output: destination, files: files, rows: report.rows, evaluatedNow: report.evaluatedNow,
                                             evaluatedFromCache: report.evaluatedFromCache))
        }
        print(report.markdown)
        if report.rows.contains(where: { $0.testImages != nil }) {
            print("Image runs: test estimates on the first \(testImages) test images, K = \(imageK) for localised models (--test-images, --image-k).")
        }
        let cachedFigures = report.figures.filter(\.fromCache).count
        print("Wrote \(files.joined(separator: ", ")) (\(report.evaluatedNow) test estimates computed, \(report.evaluatedFromCache) from cache; "
              + "\(report.figures.count - cachedFigures) figures drawn, \(cachedFigures) from cache).")
    }
}
