import Foundation

/// Runs a sweep's runs as training processes on this machine, `jobs` at a time, until each is finished,
/// failed or (on request) interrupted. Runs held by other processes are waited for and then looked at again.
///
/// It only decides who runs what and when; what a run is and where it stands belong to `SweepLedger`
/// and `RunLauncher`, which an MPI executor (issue #18) shares.
public final class LocalSweepExecutor {
    /// What a sweep session did.
    public struct Outcome: Sendable, Equatable {
        public var finished: [String] = []
        public var failed: [String: SweepFailure] = [:]
        public var interrupted: [String] = []
    }

    private let launcher: RunLauncher
    private let runs: [SweepRun]
    private let jobs: Int
    private let retryingFailures: Bool
    // Strong: the display is usually created for the executor alone, and it holds no reference back.
    private let log: SweepLog?
    private let pollInterval: Double
    private var maximumEpochs: [String: Int] = [:]
    private var finishedAtStart: Set<String> = []
    private var timeEstimate = SweepTimeEstimate()

    public init(launcher: RunLauncher, runs: [SweepRun], jobs: Int, retryingFailures: Bool = false, log: SweepLog? = nil,
                pollInterval: Double = 0.2) {
        self.launcher = launcher
        self.runs = runs
        self.jobs = max(jobs, 1)
        self.retryingFailures = retryingFailures
        self.log = log
        self.pollInterval = pollInterval
    }

    /// Runs everything to the end.
    /// - Parameter stopRequests: how many stop requests (Ctrl-C, SIGTERM) have arrived; each new one is passed
    ///   to the training processes as SIGINT (the first stops them after their epoch, a second at once) and no
    ///   new run starts after the first.
    public func run(stopRequests: () -> Int = { 0 }) throws -> Outcome {
        let ledger = launcher.ledger
        let started = Date()
        var outcome = Outcome()
        var queue: [SweepRun] = []
        var waiting: [SweepRun] = []
        var active: [LaunchedRun] = []
        var alreadyFinished = 0
        for run in runs {
            let status = ledger.status(of: run)
            switch status {
            case .finished:
                alreadyFinished += 1
                finishedAtStart.insert(run.id)
            case .failed(let failure) where !retryingFailures:
                outcome.failed[run.id] = failure
            case .busy: waiting.append(run)
            default: queue.append(run)
            }
        }
        var forwardedStops = 0
        var lastUpdate = Date.distantPast
        while !queue.isEmpty || !active.isEmpty || !waiting.isEmpty {
            let stops = stopRequests()
            if stops > forwardedStops {
                forwardedStops = stops
                for launched in active { launched.interrupt() }
            }
            if stops > 0 { queue.removeAll() }
            while active.count < jobs, !queue.isEmpty {
                let run = queue.removeFirst()
                switch try launcher.launch(run, retryingFailures: retryingFailures) {
                case .launched(let launched):
                    active.append(launched)
                    log?.sweepDidLaunch(run, isResuming: launched.isResuming)
                case .busy: waiting.append(run)
                case .nothingToDo(let status):
                    if status == .finished { outcome.finished.append(run.id) }
                }
            }
            for launched in active where !launched.isRunning {
                let result = try launcher.finish(launched, stopping: forwardedStops > 0)
                switch result {
                case .finished: outcome.finished.append(launched.run.id)
                case .interrupted: outcome.interrupted.append(launched.run.id)
                case .failed(let failure): outcome.failed[launched.run.id] = failure
                }
                log?.sweepDidFinish(launched.run, outcome: result, seconds: Date().timeIntervalSince(launched.started))
            }
            active.removeAll { !$0.isRunning }
            if stops > 0 { waiting.removeAll() }
            waiting.removeAll { run in
                guard ledger.status(of: run) != .busy else { return false }
                queue.append(run)
                return true
            }
            if Date().timeIntervalSince(lastUpdate) >= 1 {
                lastUpdate = Date()
                log?.sweepDidUpdate(try progress(started: started, outcome: outcome,
                                             alreadyFinished: alreadyFinished,
                                             active: active, waiting: waiting))
            }
            if !active.isEmpty || !waiting.isEmpty { Thread.sleep(forTimeInterval: pollInterval) }
        }
        log?.sweepDidUpdate(try progress(started: started, outcome: outcome, alreadyFinished: alreadyFinished,
                                     active: [], waiting: []))
        return outcome
    }

    private func progress(started: Date, outcome: Outcome, alreadyFinished: Int,
                          active: [LaunchedRun], waiting: [SweepRun]) throws -> SweepProgress {
        let ledger = launcher.ledger
        let finishedIDs = Set(outcome.finished)
        let activeIDs = Set(active.map(\.run.id))
        let elapsed = Date().timeIntervalSince(started)
        var remaining: [(run: SweepRun, epochs: Int)] = []
        var unknown: [SweepRun] = []
        for run in runs where !finishedAtStart.contains(run.id) {
            if finishedIDs.contains(run.id) || outcome.failed[run.id] != nil { continue }
            if maximumEpochs[run.id] == nil, let maximum = try ledger.maximumEpochs(of: run) { maximumEpochs[run.id] = maximum }
            let epochs = try ledger.epochCount(of: run)
            if activeIDs.contains(run.id) { timeEstimate.observe(run, epochs: epochs, at: elapsed) } else { timeEstimate.forget(run) }
            if let maximum = maximumEpochs[run.id] ?? run.overrides.epochs { remaining.append((run, max(maximum - epochs, 0))) } else { unknown.append(run) }
        }
        let known = Array(maximumEpochs.values)
        let estimate: Double?
        if unknown.isEmpty || !known.isEmpty {
            let typical = known.isEmpty ? 0 : known.reduce(0, +) / known.count
            estimate = timeEstimate.secondsRemaining(remaining + unknown.map { ($0, typical) }, jobs: jobs)
        } else {
            estimate = nil
        }
        let finishedCount = alreadyFinished + outcome.finished.count
        return SweepProgress(total: runs.count, finished: finishedCount, failed: outcome.failed.count,
                             running: active.count, busyElsewhere: waiting.count, elapsed: elapsed, secondsRemaining: estimate)
    }

}
