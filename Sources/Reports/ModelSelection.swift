import Foundation
import Flows

/// One dataset and model family of a report: its hyperparameter configurations, each trained over seeds,
/// and the one chosen by validation.
public struct ModelSelection: Sendable {
    /// One hyperparameter configuration and its runs (one per seed).
    public struct Candidate: Sendable {
        public var label: String
        public var key: String
        /// Finished (or diverged, with a best checkpoint) runs, by seed.
        public var runs: [ReportRun]
        /// Each run's best validation estimate.
        public var validations: [Double] { runs.compactMap(\.bestValidation) }
        /// Mean and s.e. of the best validation estimates over seeds.
        public var validation: SeedStatistics? { validations.isEmpty ? nil : SeedStatistics(validations) }
    }

    public var dataset: String
    public var reference: String?
    public var model: ModelName
    public var candidates: [Candidate]
    /// Index into `candidates` of the chosen configuration; `nil` if none has a finite validation estimate.
    public var chosen: Int?
    /// Runs not counted because they have not ended (still running or interrupted).
    public var unfinished: [ReportRun]

    /// Groups runs by dataset and model, and within each by configuration (everything but the seed), then
    /// chooses, as the paper did, the configuration with the best mean validation over seeds (Cornish et al. 2020, Appendix D).
    /// Runs that have not ended are left out unless `includingUnfinished` (then any run with a best checkpoint
    /// counts, e.g. a sweep stopped early); a diverged run counts with its best checkpoint. Ties go to the
    /// configuration listed first (ordered by label).
    public static func select(from runs: [ReportRun], includingUnfinished: Bool = false) -> [ModelSelection] {
        var order: [String] = []
        var groups: [String: [ReportRun]] = [:]
        for run in runs {
            let key = run.dataset + "\u{1}" + run.configuration.model.modelName
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(run)
        }
        return order.sorted().compactMap { key in
            guard let members = groups[key], let first = members.first else { return nil }
            let counted: (ReportRun) -> Bool = { run in
                run.isFinished || run.summary?.ending == .diverged
                    || (includingUnfinished && FileManager.default.fileExists(atPath: run.folder.bestCheckpointPath))
            }
            let ended = members.filter(counted)
            var byConfiguration: [String: [ReportRun]] = [:]
            for run in ended { byConfiguration[run.configurationKey, default: []].append(run) }
            var candidates = byConfiguration.map { key, runs in
                Candidate(label: runs[0].configurationLabel, key: key, runs: runs.sorted { $0.seed < $1.seed })
            }.sorted { ($0.label, $0.key) < ($1.label, $1.key) }
            if candidates.count > 1 {
                for index in candidates.indices where candidates[index].label.isEmpty { candidates[index].label = "configuration \(index + 1)" }
            }
            var chosen: Int?
            for (index, candidate) in candidates.enumerated() {
                guard let mean = candidate.validation?.mean, mean.isFinite else { continue }
                if chosen.map({ mean > (candidates[$0].validation?.mean ?? -.infinity) }) ?? true { chosen = index }
            }
            return ModelSelection(dataset: first.dataset, reference: first.reference, model: ModelName(first.configuration.model),
                                  candidates: candidates, chosen: chosen, unfinished: members.filter { !counted($0) })
        }
    }
}
