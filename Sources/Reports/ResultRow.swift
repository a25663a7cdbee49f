import Foundation

/// One line of the report's main table: a dataset and model, its configuration chosen by validation, and
/// the test log-likelihood of that configuration over seeds beside the published figure.
public struct ResultRow: Sendable, Codable, Equatable {
    public var dataset: String
    public var model: String
    /// The chosen configuration's name.
    public var configuration: String
    /// How many configurations were compared.
    public var configurationsCompared: Int
    public var seeds: [UInt64]
    /// Mean ± s.e. over seeds of the best validation estimate.
    public var validation: SeedStatistics
    /// Mean ± s.e. over seeds of the test log-likelihood (nats; K importance samples for LGFs, exact otherwise).
    public var test: SeedStatistics
    /// Mean over seeds of bits per dimension.
    public var bitsPerDimension: Double
    public var importanceSamples: Int
    public var published: PublishedResult?
    /// test.mean − published.logLikelihood.
    public var difference: Double?
    /// E[log p*(x)] when known (2-D targets).
    public var optimum: Double?
    /// The chosen configuration's run folders.
    public var runs: [String]
    /// Each seed's test log-likelihood, in the order of `seeds`.
    public var testPerSeed: [Double]
    /// Epochs each seed trained (fewer than configured when a run stopped early or was reported unfinished).
    public var epochs: [Int]
    /// Seconds of training, summed over the chosen runs' epochs.
    public var trainingSeconds: Double
    /// For image runs, the test images scored (the report's `--test-images`, or fewer in a small split); `nil` for
    /// vector data, which is always scored on its whole test split, and in reports written before it existed.
    public var testImages: Int? = nil
    /// The context columns of conditional runs, whose test figures are log p(x | c); `nil` for unconditional runs.
    public var context: [String]? = nil
}

extension ResultRow {
    static let csvHeader = "dataset,model,configuration,configurations_compared,seeds,epochs,validation_mean,validation_se,test_mean,test_se,bits_per_dimension,importance_samples,published,published_se,published_source,difference,optimum,training_seconds"

    var csvLine: String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
        func quoted(_ text: String) -> String { text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text }
        return [quoted(dataset), quoted(model), quoted(configuration), String(configurationsCompared), String(seeds.count), epochsText,
                number(validation.mean), number(validation.standardError), number(test.mean), number(test.standardError),
                number(bitsPerDimension), String(importanceSamples), number(published?.logLikelihood), number(published?.standardError),
                quoted(published?.source ?? ""), number(difference), number(optimum), String(format: "%.1f", trainingSeconds)].joined(separator: ",")
    }

    /// "K = 20, first 1,000 test images" for image runs (whose test figure is bounded), "log p(x | c) given a, b" for
    /// conditional runs, else nil.
    public var evaluationNote: String? {
        if let context { return "log p(x | c) given \(context.joined(separator: ", "))" }
        guard let testImages else { return nil }
        return (importanceSamples > 1 ? "K = \(importanceSamples), " : "exact, ") + "first \(RunFigures.grouped(testImages)) test images"
    }

    /// "300", or "180–300" when the seeds trained for different numbers of epochs.
    var epochsText: String {
        let low = epochs.min() ?? 0, high = epochs.max() ?? 0
        return low == high ? "\(low)" : "\(low)–\(high)"
    }

    static let markdownHeader = "| dataset | model | configuration (of n) | seeds | epochs | validation | test log-likelihood | bits/dim | published | difference | optimum |\n|---|---|---|---|---|---|---|---|---|---|---|"

    var markdownLine: String {
        let publishedText = published.map { p in (p.standardError.map { String(format: "%.3f ± %.3f", p.logLikelihood, $0) } ?? String(format: "%.3f", p.logLikelihood)) + " (\(p.source))" } ?? "–"
        return "| \(dataset) | \(model) | \(configuration.isEmpty ? "default" : configuration) (of \(configurationsCompared)) | \(seeds.count) | \(epochsText) | \(validation.formatted()) | \(test.formatted())\(evaluationNote.map { " (\($0))" } ?? "") | \(String(format: "%.3f", bitsPerDimension)) | \(publishedText) | \(difference.map { String(format: "%+.3f", $0) } ?? "–") | \(optimum.map { String(format: "%.3f", $0) } ?? "–") |"
    }
}
