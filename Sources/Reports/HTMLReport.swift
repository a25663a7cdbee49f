import Foundation

/// The report as one self-contained HTML page: tables, then figures as PNG data URIs (no external files).
struct HTMLReport {
    let report: Report

    var page: String {
        var body = ["<h1>Results</h1>",
                    "<p>Test log-likelihood in nats (higher is better): mean ± standard error over seeds of the configuration with the best mean validation estimate, beside the published figure.</p>",
                    report.conditionalNote.map { "<p>\(escape($0))</p>" } ?? "", resultsTable]
        if !report.comparisons.isEmpty {
            body += ["<h2>Localised models against their baselines</h2>", "<p>\(escape(Report.comparisonsIntroduction))</p>", comparisonsTable]
        }
        body += ["<h2>Configurations compared</h2>", configurationsTable]
        if !report.failures.isEmpty {
            body.append("<h2>Failed runs</h2><ul>" + report.failures.sorted { $0.key < $1.key }.map { "<li>\(escape($0.key)): \(escape($0.value))</li>" }.joined() + "</ul>")
        }
        var section = ""
        for figure in report.figures {
            if figure.section != section {
                section = figure.section
                body.append("<h2>\(escape(section))</h2>")
            }
            body.append("<figure><img alt=\"\(escape(figure.title))\" src=\"data:image/png;base64,\(Data(figure.png).base64EncodedString())\"><figcaption><b>\(escape(figure.title))</b> \(escape(figure.caption))</figcaption></figure>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>LocalisedFlows report</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: right; }
            th { background: #eee; } td.text { text-align: left; }
            figure { margin: 1.5em 0; } img { max-width: 100%; border: 1px solid #ddd; }
            </style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>
            """
    }

    private var resultsTable: String {
        var rows = ["<table id=\"results\"><tr><th>dataset</th><th>model</th><th>configuration (of n)</th><th>seeds</th><th>epochs</th><th>validation</th><th>test log-likelihood</th><th>bits/dim</th><th>published</th><th>difference</th><th>optimum</th></tr>"]
        for row in report.rows {
            let published = row.published.map { p in (p.standardError.map { String(format: "%.3f ± %.3f", p.logLikelihood, $0) } ?? String(format: "%.3f", p.logLikelihood)) + " (\(p.source))" } ?? "–"
            let cells = [text(row.dataset), text(row.model), text("\(row.configuration.isEmpty ? "default" : row.configuration) (of \(row.configurationsCompared))"),
                         number("\(row.seeds.count)"), number(row.epochsText), number(row.validation.formatted()), number(row.test.formatted() + (row.evaluationNote.map { " (\($0))" } ?? "")),
                         number(String(format: "%.3f", row.bitsPerDimension)), text(published),
                         number(row.difference.map { String(format: "%+.3f", $0) } ?? "–"), number(row.optimum.map { String(format: "%.3f", $0) } ?? "–")]
            rows.append("<tr>" + cells.joined() + "</tr>")
        }
        return rows.joined(separator: "\n") + "</table>"
    }

    private var comparisonsTable: String {
        var rows = ["<table id=\"comparisons\"><tr><th>dataset</th><th>baseline</th><th>baseline test</th><th>localised</th><th>localised test</th><th>difference (localised − baseline)</th><th>bits/dim (baseline → localised)</th></tr>"]
        for comparison in report.comparisons {
            rows.append("<tr>" + [text(comparison.dataset), text(comparison.baseline), number(comparison.baselineTest.formatted()), text(comparison.localised),
                                  number(comparison.localisedTest.formatted()), number(comparison.formattedDifference),
                                  number(comparison.formattedBitsPerDimension)].joined() + "</tr>")
        }
        return rows.joined(separator: "\n") + "</table>"
    }

    private var configurationsTable: String {
        var rows = ["<table id=\"configurations\"><tr><th>dataset</th><th>model</th><th>configuration</th><th>seeds</th><th>mean validation ± s.e.</th><th>chosen</th></tr>"]
        for selection in report.selections {
            for (index, candidate) in selection.candidates.enumerated() {
                rows.append("<tr>" + [text(selection.dataset), text(selection.model.rawValue), text(candidate.label.isEmpty ? "default" : candidate.label),
                                      number("\(candidate.runs.count)"), number(candidate.validation?.formatted() ?? "–"),
                                      text(index == selection.chosen ? "✓" : "")].joined() + "</tr>")
            }
        }
        return rows.joined(separator: "\n") + "</table>"
    }

    private func text(_ value: String) -> String { "<td class=\"text\">\(escape(value))</td>" }
    private func number(_ value: String) -> String { "<td>\(escape(value))</td>" }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
