import Foundation
import Datasets

/// Builds a report from a folder of runs (a sweep's, or any tree of `lgf train` run folders): selection by
/// validation, test evaluation of the chosen configuration's seeds (cached in each run folder), figures.
public enum ReportBuilder {
    /// - Parameter progress: told what is being done (evaluations and figures can take minutes).
    /// - Throws: errors reading run folders; a run whose evaluation fails is reported among the failures instead.
    public static func build(root: String, options: ReportOptions = ReportOptions(), progress: ((String) -> Void)? = nil) throws -> Report {
        let runs = try ReportRun.discover(in: root)
        let selections = ModelSelection.select(from: runs)
        var failures = try sweepFailures(root: root)
        var rows: [ResultRow] = []
        var evaluatedNow = 0, evaluatedFromCache = 0
        var chosenRuns: [String: [(selection: ModelSelection, row: ResultRow, run: ReportRun)]] = [:]
        for selection in selections {
            guard let index = selection.chosen else { continue }
            let candidate = selection.candidates[index]
            var evaluations: [(run: ReportRun, report: EvaluationReport)] = []
            for run in candidate.runs {
                progress?("test estimate of \(run.folder.path) (K = \(options.importanceSamples) for localised models)")
                do {
                    let (report, cached) = try CachedEvaluation.testEvaluation(of: run.folder, importanceSamples: options.importanceSamples,
                                                                                seed: options.evaluationSeed)
                    if cached { evaluatedFromCache += 1 } else { evaluatedNow += 1 }
                    guard report.logLikelihood.isFinite else {
                        failures[(run.folder.path as NSString).lastPathComponent] = "test log-likelihood is not finite"
                        continue
                    }
                    evaluations.append((run, report))
                } catch {
                    failures[(run.folder.path as NSString).lastPathComponent] = "evaluation failed: \(error)"
                }
            }
            guard !evaluations.isEmpty else { continue }
            let test = SeedStatistics(evaluations.map(\.report.logLikelihood))
            let published = PublishedResult.lookup(dataset: selection.reference, model: selection.model)
            let row = ResultRow(dataset: selection.dataset, model: selection.model.rawValue, configuration: candidate.label,
                                configurationsCompared: selection.candidates.count, seeds: evaluations.map(\.run.seed),
                                validation: SeedStatistics(evaluations.compactMap(\.run.bestValidation)), test: test,
                                bitsPerDimension: evaluations.map(\.report.bitsPerDimension).reduce(0, +) / Double(evaluations.count),
                                importanceSamples: evaluations.map(\.report.importanceSamples).max() ?? 1,
                                published: published, difference: published.map { test.mean - $0.logLikelihood },
                                optimum: evaluations[0].report.optimum, runs: evaluations.map { $0.run.folder.path },
                                testPerSeed: evaluations.map(\.report.logLikelihood),
                                trainingSeconds: evaluations.reduce(0) { $0 + $1.run.metrics.reduce(0) { $0 + $1.seconds } })
            rows.append(row)
            chosenRuns[selection.dataset, default: []].append((selection, row, evaluations[0].run))
        }
        var figures: [Report.Figure] = []
        if options.drawsFigures {
            for dataset in chosenRuns.keys.sorted() {
                let chosen = chosenRuns[dataset] ?? []
                guard chosen.first?.run.configuration.model.dimension == 2 else { continue }
                progress?("density panels of \(dataset)")
                if let figure = try ReportFigures.densities(dataset: dataset, chosen: chosen, options: options) { figures.append(figure) }
                for entry in chosen {
                    progress?("densities over epochs of \(entry.run.folder.path)")
                    if let figure = try ReportFigures.strip(of: entry.run, model: entry.selection.model.rawValue, options: options) { figures.append(figure) }
                }
            }
            for selection in selections {
                let optimum = rows.first { $0.dataset == selection.dataset }?.optimum
                figures += try ReportFigures.curves(of: selection, optimum: optimum)
            }
        }
        return Report(rows: rows, selections: selections, figures: figures, evaluatedNow: evaluatedNow,
                      evaluatedFromCache: evaluatedFromCache, failures: failures)
    }

    /// Failed runs recorded by a sweep in `root` (none when it is not a sweep's folder).
    static func sweepFailures(root: String) throws -> [String: String] {
        let ledger = SweepLedger(root: root)
        guard let plan = try ledger.readPlan() else { return [:] }
        var failures: [String: String] = [:]
        for run in plan.runs {
            if case .failed(let failure) = ledger.status(of: run) { failures[run.id] = failure.reason }
        }
        return failures
    }
}
