import Foundation
import Datasets
import Flows
import Runs
import Sweeps

/// Builds a report from a folder of runs (a sweep's, or any tree of `lgf train` run folders): selection by
/// validation, test evaluation of the chosen configuration's seeds (cached in each run folder), figures.
public enum ReportBuilder {
    /// - Parameter progress: told what is being done (evaluations and figures can take minutes).
    /// - Throws: errors reading run folders or drawing; a run whose evaluation fails is listed among the failures instead.
    public static func build(root: String, options: ReportOptions = ReportOptions(), progress: ((String) -> Void)? = nil) throws -> Report {
        let runs = try ReportRun.discover(in: root)
        let selections = ModelSelection.select(from: runs, includingUnfinished: options.includesUnfinished)
        var tally = Tally(failures: try sweepFailures(root: root))
        var rows: [ResultRow] = []
        var chosenRuns: [String: [(selection: ModelSelection, row: ResultRow, run: ReportRun)]] = [:]
        for selection in selections {
            guard let chosen = selection.chosen else { continue }
            for index in options.reportsEveryConfiguration ? Array(selection.candidates.indices) : [chosen] {
                let marked = options.reportsEveryConfiguration && index == chosen
                guard let (row, firstRun) = row(for: selection.candidates[index], of: selection, marked: marked, options: options,
                                                 tally: &tally, progress: progress) else { continue }
                rows.append(row)
                if index == chosen { chosenRuns[selection.dataset, default: []].append((selection, row, firstRun)) }
            }
        }
        var figures: [Report.Figure] = []
        if options.drawsFigures {
            for dataset in chosenRuns.keys.sorted() {
                // The catalogue's order: the paper's figures (MAF, LGF-MAF, RealNVP, LGF-RealNVP), then the spline flows.
                let order = ModelName.allCases
                let chosen = (chosenRuns[dataset] ?? []).sorted {
                    (order.firstIndex(of: $0.selection.model) ?? 0) < (order.firstIndex(of: $1.selection.model) ?? 0)
                }
                guard chosen.first?.run.configuration.model.dimension == 2, chosen.first?.run.configuration.model.context == nil else { continue }
                progress?("density panels of \(dataset)")
                if let figure = try ReportFigures.densities(dataset: dataset, chosen: chosen, options: options) { figures.append(figure) }
                for entry in chosen {
                    progress?("densities over epochs of \(entry.run.folder.path)")
                    if let figure = try ReportFigures.strip(of: entry.run, model: entry.selection.model.rawValue, options: options) { figures.append(figure) }
                }
            }
            for selection in selections {
                let row = rows.first { $0.dataset == selection.dataset && $0.model == selection.model.rawValue }
                figures += try ReportFigures.curves(of: selection, optimum: rows.first { $0.dataset == selection.dataset }?.optimum,
                                                    testNote: row?.evaluationNote)
            }
        }
        return Report(rows: rows, selections: selections, figures: figures, evaluatedNow: tally.evaluatedNow,
                      evaluatedFromCache: tally.evaluatedFromCache, failures: tally.failures)
    }

    /// Counts of evaluations and the failures met on the way.
    struct Tally {
        var failures: [String: String]
        var evaluatedNow = 0
        var evaluatedFromCache = 0
    }

    /// The table row of one configuration (test estimates of all its seeds), and its first run; `nil` if no seed evaluates.
    static func row(for candidate: ModelSelection.Candidate, of selection: ModelSelection, marked: Bool, options: ReportOptions,
                    tally: inout Tally, progress: ((String) -> Void)?) -> (ResultRow, ReportRun)? {
        var evaluations: [(run: ReportRun, report: EvaluationReport)] = []
        for run in candidate.runs {
            let name = (run.folder.path as NSString).lastPathComponent
            let isImage = run.configuration.image != nil
            let k = isImage ? options.imageImportanceSamples : options.importanceSamples
            progress?("test estimate of \(run.folder.path) (K = \(k) for localised models\(isImage ? ", first \(options.testImages) test images" : ""))")
            do {
                let (report, cached) = try CachedEvaluation.testEvaluation(of: run.folder, importanceSamples: k,
                                                                            imageLimit: isImage ? options.testImages : nil, seed: options.evaluationSeed,
                                                                            limits: options.limits)
                if cached { tally.evaluatedFromCache += 1 } else { tally.evaluatedNow += 1 }
                guard report.logLikelihood.isFinite else {
                    tally.failures[name] = "test log-likelihood is not finite"
                    continue
                }
                evaluations.append((run, report))
            } catch {
                tally.failures[name] = "evaluation failed: \(error)"
            }
        }
        guard let first = evaluations.first else { return nil }
        let test = SeedStatistics(evaluations.map(\.report.logLikelihood))
        let published = PublishedResult.lookup(dataset: selection.reference, model: selection.model)
        let row = ResultRow(dataset: selection.dataset, model: selection.model.rawValue, configuration: candidate.label + (marked ? " (chosen)" : ""),
                            configurationsCompared: selection.candidates.count, seeds: evaluations.map(\.run.seed),
                            validation: SeedStatistics(evaluations.compactMap(\.run.bestValidation)), test: test,
                            bitsPerDimension: evaluations.map(\.report.bitsPerDimension).reduce(0, +) / Double(evaluations.count),
                            importanceSamples: evaluations.map(\.report.importanceSamples).max() ?? 1,
                            published: published, difference: published.map { test.mean - $0.logLikelihood },
                            optimum: first.report.optimum, runs: evaluations.map { $0.run.folder.path },
                            testPerSeed: evaluations.map(\.report.logLikelihood), epochs: evaluations.map(\.run.metrics.count),
                            trainingSeconds: evaluations.reduce(0) { $0 + $1.run.metrics.reduce(0) { $0 + $1.seconds } },
                            testImages: first.run.configuration.image != nil ? evaluations.map(\.report.points).max() : nil,
                            context: first.report.context)
        return (row, first.run)
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
