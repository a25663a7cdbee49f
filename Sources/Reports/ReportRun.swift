import Foundation
import Flows
import Configurations
import Runs
import Sweeps

/// A run folder as the report sees it: configuration, progress, and where it belongs (dataset, model,
/// hyperparameter configuration, seed).
public struct ReportRun: Sendable {
    public var folder: RunFolder
    public var configuration: ExperimentConfiguration
    public var summary: TrainingSummary?
    public var metrics: [EpochRecord]
    /// The dataset's name in tables (a sweep's label, else the data source's name).
    public var dataset: String
    /// The dataset whose published figures apply, if any.
    public var reference: String?
    /// The hyperparameter point's name (a sweep's label, else empty).
    public var configurationLabel: String

    public var seed: UInt64 { configuration.training.seed }

    /// The configuration with the seed and what is derived from it removed: runs that share it differ only by
    /// seed. With files of the user's own, the seed also draws the shuffle before validation and test are carved
    /// and the dequantisation noise, and so the training split's standardisation statistics; those are kept only as
    /// "standardised or not".
    public var configurationKey: String {
        var copy = configuration
        copy.training.seed = 0
        copy.preparation?.shuffleSeed = 0
        copy.preparation?.dequantizationSeed = 0
        if copy.model.inputStandardization != nil { copy.model.inputStandardization = InputStandardization(mean: [], std: []) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(copy)) ?? Data(), as: UTF8.self)   // a decoded configuration always encodes
    }

    /// Whether training ended normally (all epochs or early stopping).
    public var isFinished: Bool { summary?.ending == .completed || summary?.ending == .stoppedEarly }

    /// The best validation estimate: that of the checkpoint the run keeps as best.
    public var bestValidation: Double? {
        metrics.map(\.validation).filter(\.isFinite).max()
    }

    public init(folder: RunFolder, configuration: ExperimentConfiguration, summary: TrainingSummary?, metrics: [EpochRecord],
                dataset: String, reference: String?, configurationLabel: String) {
        self.folder = folder
        self.configuration = configuration
        self.summary = summary
        self.metrics = metrics
        self.dataset = dataset
        self.reference = reference
        self.configurationLabel = configurationLabel
    }

    /// Every run folder under `root` (any depth; hidden folders skipped), with the names a sweep plan
    /// (`sweep.json`) gives them where there is one.
    /// - Throws: errors reading a run's configuration, metrics or summary (unreadable or damaged), naming the file.
    public static func discover(in root: String) throws -> [ReportRun] {
        let plan = try SweepLedger(root: root).readPlan()
        let planned = Dictionary((plan?.runs ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw ExperimentError.notARun(path: root, missing: "the folder")
        }
        var folders: [String] = []
        while let item = enumerator.nextObject() as? String {
            let name = (item as NSString).lastPathComponent
            if name.hasPrefix(".") { enumerator.skipDescendants(); continue }
            if name == "configuration.json" { folders.append((item as NSString).deletingLastPathComponent) }
            if name == "checkpoints" { enumerator.skipDescendants() }
        }
        return try folders.sorted().map { relative in
            let folder = RunFolder(path: (root as NSString).appendingPathComponent(relative))
            let configuration = try folder.readConfiguration()
            let summary = try folder.readSummary()   // nil: training has not ended

            let sweepRun = planned[(relative as NSString).lastPathComponent]
            let reference: String?
            if case .catalogue(let name, _) = configuration.data { reference = name } else { reference = nil }
            return ReportRun(folder: folder, configuration: configuration, summary: summary, metrics: try folder.readMetrics(),
                             dataset: sweepRun?.dataset.label ?? configuration.data.name,
                             reference: sweepRun?.dataset.reference ?? reference,
                             configurationLabel: sweepRun?.configurationLabel ?? "")
        }
    }
}
