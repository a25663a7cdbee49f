import Foundation
import Testing
import Tensors
import Flows
import Datasets
@testable import Checkpoints
@testable import Configurations
@testable import Runs
@testable import Training

/// A kill simulated by a `RunFolderHooks` hook: thrown at a write point, it unwinds the trainer with no
/// clean-up, so the folder is left exactly as a SIGKILL at that instant would leave it.
struct SimulatedKill: Error, Hashable {
    let point: RunWritePoint
    let epoch: Int
}

/// Counts hook calls across the trainer's thread and the test. A lock guards the counters, which is why
/// `@unchecked Sendable` is safe.
final class FaultCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Adds one and returns the new count.
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

/// The boundaries a chain of kills has already died at. A lock guards the set, which is why
/// `@unchecked Sendable` is safe.
final class KilledBoundaries: @unchecked Sendable {
    private let lock = NSLock()
    private var killed: Set<SimulatedKill> = []

    /// Adds `kill`; `true` if it was new.
    func insert(_ kill: SimulatedKill) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return killed.insert(kill).inserted
    }

    func contains(_ kill: SimulatedKill) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return killed.contains(kill)
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return killed.count
    }
}

/// Records warnings and can stop after an epoch.
final class RecordingLog: TrainingLog {
    var warnings: [String] = []
    var stopAfterEpoch: Int?
    var lastEpoch = 0
    func trainingDidWarn(_ message: String) { warnings.append(message) }
    func trainingDidFinishEpoch(_ record: EpochRecord, isBest: Bool) { lastEpoch = record.epoch }
    func trainingShouldStop() -> Bool { stopAfterEpoch.map { lastEpoch >= $0 } ?? false }
}

enum RunFaultFixtures {
    static let epochs = 4

    /// 600 points of two rectangles in a CSV file (validation and test carved from it), so an epoch is
    /// a few minibatches and the many runs of the fault tests stay fast.
    private static let dataFile: Result<String, any Error> = Result {
        let points = try DataSource.catalogue(name: "2uniforms", dataDirectory: nil).load(seed: 1).train
        let path = (ExperimentFixtures.scratchFolder("fault-data") as NSString).appendingPathComponent("rectangles.csv")
        try CSVWriter.write(DataTable(rowCount: 600, columnCount: 2, values: Array(points.values.prefix(1200))), to: path)
        return path
    }

    static var configuration: ExperimentConfiguration {
        var configuration = ExperimentFixtures.tinyConfiguration(kind: .lgfMAF, epochs: epochs)
        configuration.training.batchSize = 100
        // An unreadable path makes every test that uses it fail with the file error.
        configuration.data = .files(train: (try? dataFile.get()) ?? "the fault tests' data file could not be written", validation: nil, test: nil)
        return configuration
    }

    static func dataset() throws -> Dataset { try configuration.data.load(seed: 1) }

    /// The uninterrupted run every fault test compares with, trained once per process (a `static let` is
    /// initialised exactly once, thread-safely) and only read afterwards.
    private static let sharedStraightRun: Result<RunFolder, any Error> = Result {
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("straight-reference"))
        try Trainer(configuration: configuration, dataset: try dataset(), run: folder).train()
        return folder
    }

    /// The uninterrupted run's folder (`name` is kept for the call sites' readability).
    static func straightRun(_ name: String) throws -> RunFolder { try sharedStraightRun.get() }

    /// Trains (or resumes) in `folder`; returns the kill if one was simulated.
    @discardableResult
    static func train(_ folder: RunFolder, resuming: Bool, log: RecordingLog? = nil) throws -> SimulatedKill? {
        do {
            try Trainer(configuration: configuration, dataset: try dataset(), run: folder, log: log).train(resuming: resuming)
            return nil
        } catch let kill as SimulatedKill {
            return kill
        }
    }

    /// The model tensors of a checkpoint file.
    static func tensors(_ path: String) throws -> [String: [Float]] {
        try Checkpoint.load(from: path).modelState.mapValues(\.scalars)
    }

    /// The folder holds what the uninterrupted run's folder holds: the same metrics (but for timings), the
    /// same best and latest weights, and the same summary.
    static func expectSameRun(_ folder: RunFolder, as straight: RunFolder, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(ExperimentFixtures.timeless(try folder.readMetrics()) == ExperimentFixtures.timeless(try straight.readMetrics()), sourceLocation: sourceLocation)
        #expect(try tensors(folder.bestCheckpointPath) == tensors(straight.bestCheckpointPath), sourceLocation: sourceLocation)
        #expect(try tensors(folder.latestCheckpointPath) == tensors(straight.latestCheckpointPath), sourceLocation: sourceLocation)
        let summary = try JSONDecoder().decode(TrainingSummary.self, from: Data(contentsOf: URL(fileURLWithPath: folder.summaryPath)))
        let straightSummary = try JSONDecoder().decode(TrainingSummary.self, from: Data(contentsOf: URL(fileURLWithPath: straight.summaryPath)))
        #expect(summary.epochs == straightSummary.epochs && summary.bestValidation == straightSummary.bestValidation
                 && summary.bestEpoch == straightSummary.bestEpoch && summary.recoveries == straightSummary.recoveries, sourceLocation: sourceLocation)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.checkpointsPath).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, sourceLocation: sourceLocation)
    }
}
