import ArgumentParser
import Distributed
import Foundation
import Sweeps
import FileSystem

/// `lgf sweep SPEC --output DIR`: every combination of a specification's datasets, models, grid and seeds as
/// an `lgf train` process, N at a time, resumable.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train every combination of a sweep specification (datasets × models × grid × seeds), resumably.",
        discussion: """
            SPEC is YAML or JSON (see presets/README.md). Each run is an ordinary run folder DIR/<dataset>_<model>_<point>_seed<n> \
            trained by a separate `lgf train` process (single-threaded unless the specification says threads: N; matrix-kernel, layer-fusion and convolution-algorithm pass lgf train's flags of those names), --jobs at a time (keep jobs × threads ≤ cores). \
            Before any run starts (and with --dry-run), every run's configuration is resolved and checked as its `lgf train` would; \
            if any would be refused, none starts, and the message names the runs and the keys at fault. \
            Started again, a sweep skips finished runs, resumes interrupted ones from their latest checkpoint and does not retry \
            failed ones (see --retry-failed). A specification whose epochs grew (or whose patience changed) continues its finished runs \
            from their latest checkpoints, as `lgf train --resume --epochs N` would; any other value changed for a run already started \
            is refused, naming the run and the keys. A failed or diverged run is recorded in DIR/.sweep/failures with its exit code and last \
            lines of output, and the others go on. Ctrl-C stops every run after its current epoch (resumable). Then `lgf report DIR`. \
            Under mpirun (`mpirun -n N lgf sweep SPEC --output DIR`, DIR on a file system every rank sees) the ranks share the runs, \
            one at a time each, handed out by rank 0 as ranks become free; --jobs is ignored and rank 0 prints the summary. \
            JSON keys: output, runs, finished, failed (run → reason), interrupted, seconds.
            """)

    @Argument(help: "The sweep specification (.yaml, .yml or .json).", completion: .file(extensions: ["yaml", "yml", "json"]))
    var specification: String

    @Option(help: "The sweep folder (created if missing).", completion: .directory)
    var output: String

    @Option(parsing: .unconditional, help: "Training processes at a time.")
    var jobs: Int = 1

    @Flag(help: "Run again the runs whose last attempt failed.")
    var retryFailed = false

    @Flag(help: "List the runs and their status without training.")
    var dryRun = false

    @Option(help: .hidden)
    var executable: String?

    @OptionGroup var format: JSONOption

    struct Result: Encodable {
        let output: String, runs: Int, finished: Int, failed: [String: String], interrupted: [String], seconds: Double
    }

    func validate() throws {
        try OptionBounds.check([("--jobs", jobs, 1)])
    }

    func run() throws {
        let started = Date()
        let specification = try SweepSpecification.read(path: self.specification)
        let runs = try specification.runs(path: self.specification)
        var check = SweepRunCheck(specification: self.specification)
        try check.check(runs)
        let ledger = SweepLedger(root: output)
        if dryRun {
            for run in runs {
                let status = ledger.status(of: run), extending = try ledger.extensionArguments(of: run)
                if case .resumable(let epochs) = status, !extending.isEmpty {
                    print("\(run.id)\t\(MessageText.count(epochs, "epoch")) trained, continues with \(extending.joined(separator: " "))")
                } else {
                    print("\(run.id)\t\(Sweep.describe(status))")
                }
            }
            return
        }
        let group = try ProcessGroups.current()
        // Rank 0 alone owns the folder and writes the plan; the others wait for it.
        var sweepLock: FolderLock?
        if group.isLeader {
            sweepLock = try ledger.acquireLock()
            try ledger.prepare(name: specification.name, runs: runs)
        }
        defer { sweepLock?.release() }
        try group.barrier()
        let launcher = try RunLauncher(ledger: ledger, executable: executable ?? Sweep.ownExecutable())
        let parallelism = group.size > 1 ? "\(group.size) MPI ranks, one run each at a time" : "\(jobs) at a time"
        if !format.json && group.isLeader { print("Sweep \(specification.name): \(runs.count) runs → \(output), \(parallelism)") }
        SweepSignals.install()
        let display: SweepLog? = format.json || !group.isLeader ? nil : SweepProgressDisplay()
        let outcome: LocalSweepExecutor.Outcome
        if group.size > 1 {
            outcome = try DistributedSweepExecutor(group: group, launcher: launcher, runs: runs, retryingFailures: retryFailed, log: display)
                .run(stopRequests: { SweepSignals.requests })
            guard group.isLeader else {
                if SweepSignals.requests > 0 { throw ExitCode(130) }
                return
            }
        } else {
            let executor = LocalSweepExecutor(launcher: launcher, runs: runs, jobs: jobs, retryingFailures: retryFailed, log: display)
            outcome = try executor.run(stopRequests: { SweepSignals.requests })
        }
        let finished = runs.filter { ledger.status(of: $0) == .finished }.count
        let result = Result(output: output, runs: runs.count, finished: finished, failed: outcome.failed.mapValues(\.reason),
                            interrupted: outcome.interrupted.sorted(), seconds: Date().timeIntervalSince(started))
        if format.json {
            try JSONLine.print(result)
        } else {
            print("\(finished) of \(runs.count) runs finished, \(outcome.failed.count) failed, \(outcome.interrupted.count) interrupted (\(SweepProgressDisplay.duration(result.seconds))).")
            for (id, failure) in outcome.failed.sorted(by: { $0.key < $1.key }) { print("  failed: \(id): \(failure.reason)") }
        }
        if SweepSignals.requests > 0 { throw ExitCode(130) }
        if !outcome.failed.isEmpty { throw ExitCode.failure }
    }

    static func describe(_ status: SweepRunStatus) -> String {
        switch status {
        case .finished: return "finished"
        case .failed(let failure): return "failed: \(failure.reason)"
        case .resumable(let epochs): return "interrupted after \(MessageText.count(epochs, "epoch"))"
        case .fresh: return "not started"
        case .busy: return "running in another process"
        }
    }

    /// This executable's own path (/proc/self/exe on Linux, else the first argument).
    static func ownExecutable() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }   // not Linux: fall back
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
