import Foundation
import Checkpoints

/// What `lgf report` produces: the table, the selections behind it and the figures, ready to write.
public struct Report: Sendable {
    /// One figure of the HTML page: a PNG with a heading and a caption.
    public struct Figure: Sendable {
        public var section: String
        public var title: String
        public var caption: String
        public var png: [UInt8]
        /// Whether it was read from the runs' figure cache (`CachedFigure`) instead of drawn now.
        public var fromCache = false
    }

    public var rows: [ResultRow]
    public var selections: [ModelSelection]
    public var figures: [Figure]
    /// Test evaluations computed now, and read from the runs' caches.
    public var evaluatedNow: Int
    public var evaluatedFromCache: Int
    /// Failed runs of a sweep (run → reason).
    public var failures: [String: String]

    /// The selection table (every configuration with its mean validation) as Markdown.
    public var configurationsMarkdown: String {
        var lines = ["| dataset | model | configuration | seeds | mean validation ± s.e. | chosen |", "|---|---|---|---|---|---|"]
        for selection in selections {
            for (index, candidate) in selection.candidates.enumerated() {
                lines.append("| \(selection.dataset) | \(selection.model.rawValue) | \(candidate.label.isEmpty ? "default" : candidate.label) | \(candidate.runs.count) | \(candidate.validation?.formatted() ?? "–") | \(index == selection.chosen ? "✓" : "") |")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The sentence saying which figures are conditional log-likelihoods, when any are.
    var conditionalNote: String? {
        rows.contains { $0.context != nil }
            ? "Rows marked \"log p(x | c) given …\" are conditional log-likelihoods: the density of the modelled columns given each test point's own context columns." : nil
    }

    /// Each localised model beside its baseline, per dataset where both have a row.
    public var comparisons: [ModelComparison] { ModelComparison.pairs(in: rows) }

    /// The sentence above the comparison table.
    static let comparisonsIntroduction = "Test log-likelihood of each localised model and of the flow it builds on, both chosen by validation as above; the difference's standard error is √(s.e.₁² + s.e.₂²) (independent seeds)."

    /// The Markdown file: the main table, the localised models against their baselines, the configurations
    /// compared, failures.
    public var markdown: String {
        var text = ["# Results", "", "Test log-likelihood in nats (higher is better), mean ± standard error over seeds, of the configuration with the best mean validation estimate over seeds."
                    + (conditionalNote.map { " " + $0 } ?? ""), "",
                    ResultRow.markdownHeader] + rows.map(\.markdownLine)
        if !comparisons.isEmpty {
            text += ["", "## Localised models against their baselines", "", Self.comparisonsIntroduction, "", ModelComparison.markdownHeader] + comparisons.map(\.markdownLine)
        }
        text += ["", "## Configurations compared", "", configurationsMarkdown]
        if !failures.isEmpty {
            text += ["", "## Failed runs", ""] + failures.sorted { $0.key < $1.key }.map { "- \($0.key): \($0.value)" }
        }
        return text.joined(separator: "\n") + "\n"
    }

    public var csv: String { ([ResultRow.csvHeader] + rows.map(\.csvLine)).joined(separator: "\n") + "\n" }

    /// The JSON file: `{rows, comparisons, configurations, failures}`.
    public func json() throws -> Data {
        struct ConfigurationEntry: Encodable { let dataset, model, configuration: String; let runs: [String]; let validation: SeedStatistics?; let chosen: Bool }
        struct Document: Encodable {
            let rows: [ResultRow]; let comparisons: [ModelComparison]; let configurations: [ConfigurationEntry]; let failures: [String: String]
        }
        let configurations = selections.flatMap { selection in
            selection.candidates.enumerated().map { index, candidate in
                ConfigurationEntry(dataset: selection.dataset, model: selection.model.rawValue, configuration: candidate.label,
                                   runs: candidate.runs.map { ($0.folder.path as NSString).lastPathComponent }, validation: candidate.validation,
                                   chosen: index == selection.chosen)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(rows: rows, comparisons: comparisons, configurations: configurations, failures: failures))
    }

    /// Writes `results.md`, `results.csv`, `results.json` and `index.html` into `folder`.
    /// - Returns: the paths written.
    public func write(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files: [(String, [UInt8])] = [("results.md", Array(markdown.utf8)), ("results.csv", Array(csv.utf8)),
                                          ("results.json", Array(try json())), ("index.html", Array(HTMLReport(report: self).page.utf8))]
        return try files.map { name, bytes in
            let path = (folder as NSString).appendingPathComponent(name)
            try RunFiles.write(bytes, to: path)
            return path
        }
    }
}
