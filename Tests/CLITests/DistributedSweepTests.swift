import Foundation
import FileSystem
import Testing
import Runs
import Sweeps

/// `mpirun -n 2 lgf sweep`: two ranks share the runs, give the table one process gives, and a job that loses a
/// rank is finished by a restart with every run trained exactly once. Needs Open MPI's `mpirun` (installed by
/// scripts/install-dependencies).
@Suite(.serialized)
struct DistributedSweepTests {
    static let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `mpirun -n 2 lgf <arguments>` as a child process, output to `log`.
    static func startTwoRanks(_ arguments: [String], log: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        return try startTwoRanks(arguments, output: handle)
    }

    /// `mpirun -n 2 lgf <arguments>` in `environment` as a child process, its standard output and error one pipe.
    static func startTwoRanks(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (Process, Pipe) {
        let pipe = Pipe()
        return (try startTwoRanks(arguments, output: pipe, environment: environment), pipe)
    }

    private static func startTwoRanks(_ arguments: [String], output: Any,
                                      environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Process {
        let launcher = try #require(mpirun, "mpirun is missing: scripts/install-dependencies installs openmpi-bin")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher)
        // As root (CI) Open MPI wants to be told; --oversubscribe lets 2 ranks share fewer free cores.
        process.arguments = ["--allow-run-as-root", "--oversubscribe", "-n", "2", SweepHarness.executable] + arguments
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func distributedCheckReducesBroadcastsAndPassesARing() throws {
        let folder = CLIHarness.scratchFolder("mpi-check")
        let log = (folder as NSString).appendingPathComponent("check.log")
        let job = try Self.startTwoRanks(["distributed-check"], log: log)
        job.waitUntilExit()
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(job.terminationStatus == 0, "\(text)")
        let reports = text.split(separator: "\n").compactMap { try? JSONDecoder().decode(DistributedCheck.self, from: Data($0.utf8)) }
        #expect(reports.map(\.rank).sorted() == [0, 1], "\(text)")
        for report in reports {
            #expect(report.size == 2 && report.sum == 3)
            #expect(report.ringFrom == 1 - report.rank)
        }
    }

    /// What `lgf distributed-check` prints on each rank.
    struct DistributedCheck: Decodable {
        let rank: Int, size: Int, sum: Double, ringFrom: Int?
    }

    static func specification(epochs: Int, folder: String) throws -> String {
        try SweepHarness.specification("""
            datasets: [2uniforms]
            models: [maf, lgf-maf]
            seeds: [0]
            grid: {learning-rate: [0.001, 0.003]}
            \(SweepHarness.tinySettings)
              epochs: \(epochs)
            """, folder: folder)
    }

    @Test func twoRanksGiveTheTableOfOneProcess() throws {
        let folder = CLIHarness.scratchFolder("mpi-sweep")
        let spec = try Self.specification(epochs: 3, folder: folder)
        let single = (folder as NSString).appendingPathComponent("single")
        let shared = (folder as NSString).appendingPathComponent("shared")
        try CLIHarness.run(["sweep", spec, "--output", single, "--executable", SweepHarness.executable, "--json"])
        let job = try Self.startTwoRanks(["sweep", spec, "--output", shared], log: shared + ".log")
        job.waitUntilExit()
        #expect(job.terminationStatus == 0, "\((try? String(contentsOfFile: shared + ".log", encoding: .utf8)) ?? "")")
        let ledger = SweepLedger(root: shared)
        let runs = try #require(try ledger.readPlan()?.runs)
        #expect(runs.count == 4)
        for run in runs {
            #expect(ledger.status(of: run) == .finished)
            #expect(SweepHarness.launches(of: run.id, in: shared) == (starts: 1, resumes: 0))
        }
        for output in [single, shared] {
            try CLIHarness.run(["report", output, "--importance-samples", "5", "--no-figures", "--json"])
        }
        #expect(try SweepHarness.table(of: shared) == SweepHarness.table(of: single))
    }

    /// Every training process of the job pauses once its first epoch is committed (`LGF_PAUSE_AT`). The first run to
    /// pause is let go on; its rank's next run pausing shows it has finished, and then one run has finished and two are
    /// a committed epoch in: the moment to lose a rank, whatever the machine's speed.
    @Test func aJobThatLosesARankIsFinishedByARestartWithEveryRunOnce() throws {
        let folder = CLIHarness.scratchFolder("mpi-killed")
        let spec = try Self.specification(epochs: 12, folder: folder)
        let output = (folder as NSString).appendingPathComponent("out")
        let channel = try PauseChannel(folder: folder)
        let (job, jobOutput) = try Self.startTwoRanks(["sweep", spec, "--output", output],
                                                      environment: channel.environment(pausingAt: .afterLatestCheckpoint, epoch: 1))
        var log = "", resumed: Int32?, paused: Set<Int32> = []
        while paused.count < 2 {
            let pids = try #require(channel.waitForPauses(watching: jobOutput.fileHandleForReading, log: &log), "\(log)")
            paused.formUnion(pids)
            if resumed == nil, let first = pids.first {
                resumed = first
                paused.remove(first)
                channel.resume(first)
            }
        }
        let ledger = SweepLedger(root: output)
        let runs = try #require(try ledger.readPlan()?.runs)
        // A run with its latest checkpoint (what commits an epoch) that has not finished: one the kill interrupts.
        let ready = runs.count == 4 && runs.contains { ledger.status(of: $0) == .finished }
            && runs.contains { FileManager.default.fileExists(atPath: ledger.folder(of: $0).latestCheckpointPath) && ledger.status(of: $0) != .finished }
        #expect(ready)
        // Kill rank 1 outright; mpirun then ends the job. Training processes are children of the ranks, not of
        // mpirun, so they are killed too, as a node failure would take them.
        let ranks = SweepHarness.processes(mentioning: "sweep \(spec) --output \(output)")
        let rankOne = ranks.first { Self.environment(of: $0)["OMPI_COMM_WORLD_RANK"] == "1" }
        #expect(rankOne != nil)
        if let rankOne { kill(rankOne, SIGKILL) }
        job.waitUntilExit()
        for pid in paused { kill(pid, SIGKILL) }
        for run in runs { #expect(SweepHarness.waitForRelease(of: ledger.folder(of: run).lockPath), "\(run.id)") }
        let restart = try Self.startTwoRanks(["sweep", spec, "--output", output], log: output + ".restart.log")
        restart.waitUntilExit()
        #expect(restart.terminationStatus == 0, "\((try? String(contentsOfFile: output + ".restart.log", encoding: .utf8)) ?? "")")
        for run in try #require(try ledger.readPlan()?.runs) {
            #expect(ledger.status(of: run) == .finished)
            #expect(try ledger.folder(of: run).readMetrics().map(\.epoch) == Array(1...12), "every epoch exactly once")
            // At most one attempt was cut short: the one each rank was training when the job died. It resumes, or
            // starts afresh when the kill came before its first checkpoint (then nothing of it had been committed).
            let launches = SweepHarness.launches(of: run.id, in: output)
            #expect(launches.starts >= 1 && launches.starts + launches.resumes <= 2)
        }
    }

    /// The job's progress lines say when the other runs are done (rank 0 prints `done <run>` for every rank's).
    @Test func aRunHeldByAnotherProcessIsTrainedOnceAfterItIsReleased() throws {
        let folder = CLIHarness.scratchFolder("mpi-busy")
        let spec = try Self.specification(epochs: 2, folder: folder)
        let output = (folder as NSString).appendingPathComponent("out")
        let ledger = SweepLedger(root: output)
        try ledger.createFolders()
        let runs = try SweepSpecification.read(path: spec).runs(path: spec)
        // This process holds the first run's lock, as a training process left over from an earlier job would.
        let heldFolder = ledger.folder(of: runs[0])
        try heldFolder.create()
        let held = try FolderLock.acquire(folder: heldFolder.path, command: "a training process left over from an earlier job")
        let (job, jobOutput) = try Self.startTwoRanks(["sweep", spec, "--output", output])
        var log = ""
        for run in runs.dropFirst() { #expect(PauseChannel.read(jobOutput.fileHandleForReading, into: &log, until: "done   \(run.id) "), "\(log)") }
        let othersDone = runs.dropFirst().allSatisfy { ledger.status(of: $0) == .finished }
        #expect(othersDone)
        #expect(job.isRunning, "the job must wait for the held run, not end without it")
        #expect(ledger.status(of: runs[0]) == .busy)
        held.release()
        job.waitUntilExit()
        log += String(decoding: jobOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(job.terminationStatus == 0, "\(log)")
        for run in runs {
            #expect(ledger.status(of: run) == .finished)
            #expect(SweepHarness.launches(of: run.id, in: output) == (starts: 1, resumes: 0))
        }
    }

    /// The environment of process `pid` (from /proc).
    static func environment(of pid: Int32) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return [:] }   // gone: no variables
        var result: [String: String] = [:]
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            result[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        return result
    }
}
