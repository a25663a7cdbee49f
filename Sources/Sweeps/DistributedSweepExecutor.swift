import Distributed
import Foundation

/// Shares a sweep's runs among the ranks of an MPI job (`mpirun -n N lgf sweep SPEC --output DIR`), one run per
/// rank at a time, handed out on request so that long and short runs balance.
///
/// Rank 0 keeps the queue and also trains: between polls of its own run it answers the other ranks, each of
/// which asks for a run, trains it as an ordinary `lgf train` process through the shared `RunLauncher`, and asks
/// again with its report. State lives on disk in the `SweepLedger` as for a local sweep, so a job that dies
/// (with one of its ranks) loses at most the epochs in progress: started again, the sweep resumes every run.
public final class DistributedSweepExecutor {
    /// Message tags: a rank's request (with the report of its last run), and rank 0's answer.
    static let requestTag = 11, assignmentTag = 12

    /// A rank's request for work, with what became of its previous run.
    struct Request: Codable {
        var completed: CompletedRun?
    }

    /// What one rank's run came to.
    struct CompletedRun: Codable {
        enum Result: String, Codable { case finished, interrupted, failed, busy, skipped }
        var id: String
        var result: Result
        var failure: SweepFailure?
        var seconds: Double
    }

    /// Rank 0's answer: the next run; or, with `retryAfter`, nothing yet (ask again after that many seconds);
    /// or neither, when the rank's work is done.
    struct Assignment: Codable {
        var run: String?
        var retryAfter: Double?
    }

    private let group: any ProcessGroup
    private let launcher: RunLauncher
    private let runs: [SweepRun]
    private let retryingFailures: Bool
    private let log: SweepLog?
    private let pollInterval: Double

    public init(group: any ProcessGroup, launcher: RunLauncher, runs: [SweepRun], retryingFailures: Bool = false,
                log: SweepLog? = nil, pollInterval: Double = 0.2) {
        self.group = group
        self.launcher = launcher
        self.runs = runs
        self.retryingFailures = retryingFailures
        self.log = log
        self.pollInterval = pollInterval
    }

    /// Runs the sweep to its end on every rank; rank 0's outcome covers every rank's runs, the others' is empty.
    /// - Parameter stopRequests: stop requests that reached this rank (its training process is interrupted, and no
    ///   new run starts anywhere once rank 0 has one).
    public func run(stopRequests: () -> Int = { 0 }) throws -> LocalSweepExecutor.Outcome {
        let outcome = group.isLeader ? try coordinate(stopRequests: stopRequests) : LocalSweepExecutor.Outcome()
        if !group.isLeader { try work(stopRequests: stopRequests) }
        try group.barrier()
        return outcome
    }

    // MARK: - Rank 0

    private func coordinate(stopRequests: () -> Int) throws -> LocalSweepExecutor.Outcome {
        var outcome = LocalSweepExecutor.Outcome()
        var queue: [SweepRun] = []
        for run in runs {
            switch launcher.ledger.status(of: run) {
            case .finished: outcome.finished.append(run.id)
            case .failed(let failure) where !retryingFailures: outcome.failed[run.id] = failure
            default: queue.append(run)
            }
        }
        var ranksAtWork = group.size - 1
        var own: LaunchedRun?
        var forwardedStops = 0
        // Runs whose lock another process holds (a training process that outlived an earlier job): tried again
        // once it lets go, so that no run is trained twice at once.
        var waiting: [SweepRun] = []
        func settle(_ completed: CompletedRun) {
            if completed.result == .busy, let run = runs.first(where: { $0.id == completed.id }) {
                waiting.append(run)
            } else {
                record(completed, into: &outcome)
            }
        }
        while ranksAtWork > 0 || own != nil || ((!queue.isEmpty || !waiting.isEmpty) && forwardedStops == 0) {
            let stops = stopRequests()
            if stops > forwardedStops {
                forwardedStops = stops
                own?.interrupt()
                queue.removeAll()
                waiting.removeAll()
            }
            waiting.removeAll { run in
                guard launcher.ledger.status(of: run) != .busy else { return false }
                queue.append(run)
                return true
            }
            while try group.hasMessage(from: nil, tag: Self.requestTag) {
                let message = try group.receive(from: nil, tag: Self.requestTag)
                let request = try JSONDecoder().decode(Request.self, from: Data(message.bytes))
                if let completed = request.completed { settle(completed) }
                // A rank is let go only when nothing is left to hand out, not even a run that is waiting for its lock.
                let next = queue.isEmpty ? nil : queue.removeFirst()
                if (next == nil && waiting.isEmpty) || forwardedStops > 0 {
                    ranksAtWork -= 1
                    try group.send(Array(try JSONEncoder().encode(Assignment(run: nil))), to: message.source, tag: Self.assignmentTag)
                    continue
                }
                guard let next else {
                    // Nothing to hand out yet: ask the rank to come back, by assigning nothing it must run.
                    try group.send(Array(try JSONEncoder().encode(Assignment(run: nil, retryAfter: pollInterval * 5))), to: message.source, tag: Self.assignmentTag)
                    continue
                }
                log?.sweepDidLaunch(next, isResuming: launcher.ledger.status(of: next) != .fresh)
                try group.send(Array(try JSONEncoder().encode(Assignment(run: next.id))), to: message.source, tag: Self.assignmentTag)
            }
            if let launched = own, !launched.isRunning {
                let result = try launcher.finish(launched, stopping: forwardedStops > 0)
                settle(CompletedRun(launched.run, result, seconds: Date().timeIntervalSince(launched.started)))
                own = nil
            }
            while own == nil, forwardedStops == 0, !queue.isEmpty {
                let run = queue.removeFirst()
                switch try launcher.launch(run, retryingFailures: retryingFailures) {
                case .launched(let launched):
                    own = launched
                    log?.sweepDidLaunch(run, isResuming: launched.isResuming)
                case .busy: settle(CompletedRun(id: run.id, result: .busy, failure: nil, seconds: 0))
                case .nothingToDo(let status):
                    settle(CompletedRun(id: run.id, result: status == .finished ? .finished : .skipped, failure: nil, seconds: 0))
                }
            }
            Thread.sleep(forTimeInterval: pollInterval)
        }
        return outcome
    }

    private func record(_ completed: CompletedRun, into outcome: inout LocalSweepExecutor.Outcome) {
        switch completed.result {
        case .finished: outcome.finished.append(completed.id)
        case .interrupted: outcome.interrupted.append(completed.id)
        case .failed: outcome.failed[completed.id] = completed.failure
        case .busy, .skipped: return
        }
        guard let run = runs.first(where: { $0.id == completed.id }) else { return }
        let result: RunOutcome
        switch completed.result {
        case .finished: result = .finished
        case .interrupted: result = .interrupted
        default: result = .failed(completed.failure ?? SweepFailure(exitCode: nil, signal: nil, reason: "failed", lastLines: [], epochs: 0))
        }
        log?.sweepDidFinish(run, outcome: result, seconds: completed.seconds)
    }

    // MARK: - Other ranks

    private func work(stopRequests: () -> Int) throws {
        var completed: CompletedRun?
        while true {
            try group.send(Array(try JSONEncoder().encode(Request(completed: completed))), to: 0, tag: Self.requestTag)
            let answer = try JSONDecoder().decode(Assignment.self, from: Data(try group.receive(from: 0, tag: Self.assignmentTag).bytes))
            if let delay = answer.retryAfter {
                completed = nil
                Thread.sleep(forTimeInterval: delay)
                continue
            }
            guard let id = answer.run else { return }
            guard let run = runs.first(where: { $0.id == id }) else { throw SweepError.bookkeeping(path: launcher.ledger.planPath, reason: "rank 0 assigned \(id), which this rank's plan does not hold") }
            switch try launcher.launch(run, retryingFailures: retryingFailures) {
            case .launched(let launched):
                var forwarded = 0
                while launched.isRunning {
                    let stops = stopRequests()
                    if stops > forwarded {
                        forwarded = stops
                        launched.interrupt()
                    }
                    Thread.sleep(forTimeInterval: pollInterval)
                }
                let result = try launcher.finish(launched, stopping: forwarded > 0)
                completed = CompletedRun(run, result, seconds: Date().timeIntervalSince(launched.started))
            case .busy: completed = CompletedRun(id: id, result: .busy, failure: nil, seconds: 0)
            case .nothingToDo(let status): completed = CompletedRun(id: id, result: status == .finished ? .finished : .skipped, failure: nil, seconds: 0)
            }
        }
    }
}

extension DistributedSweepExecutor.CompletedRun {
    init(_ run: SweepRun, _ outcome: RunOutcome, seconds: Double) {
        switch outcome {
        case .finished: self.init(id: run.id, result: .finished, failure: nil, seconds: seconds)
        case .interrupted: self.init(id: run.id, result: .interrupted, failure: nil, seconds: seconds)
        case .failed(let failure): self.init(id: run.id, result: .failed, failure: failure, seconds: seconds)
        }
    }
}
