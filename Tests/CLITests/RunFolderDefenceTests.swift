import Foundation
import Testing
@testable import CLI
import Configurations
import FileSystem
import Runs

/// The fault-injection campaign of issue 29 as tests: a second writer, files of two runs mixed in one folder, torn
/// metrics, damaged or missing files and other people's folders are each refused or repaired, never silently used.
struct RunFolderDefenceTests {
    static let tiny = ["--dataset", "2uniforms", "--model", "maf"] + CLIHarness.tinyModel

    /// One-epoch runs of seeds 3, 7 and 8, trained once per process (a static let is initialised once, whichever
    /// test asks first) and copied for each test, so that tests can damage their copies freely.
    static let originals: Result<[Int: String], CLIHarness.Failure> = {
        var runs: [Int: String] = [:]
        for seed in [3, 7, 8] {
            let path = (CLIHarness.scratchFolder("defence-\(seed)") as NSString).appendingPathComponent("run")
            do {
                try CLIHarness.run(["train", "--output", path, "--epochs", "1", "--seed", String(seed)] + tiny)
            } catch {
                return .failure(error as? CLIHarness.Failure ?? CLIHarness.Failure(message: "\(error)", exitCode: 1))
            }
            runs[seed] = path
        }
        return .success(runs)
    }()

    /// A fresh copy of the one-epoch run of `seed` (3, 7 or 8).
    static func trainedRun(seed: Int) throws -> String {
        let original = try #require(try originals.get()[seed])
        let copy = (CLIHarness.scratchFolder("defence-copy") as NSString).appendingPathComponent("run")
        try FileManager.default.copyItem(atPath: original, toPath: copy)
        return copy
    }

    static func file(_ run: String, _ name: String) -> String { (run as NSString).appendingPathComponent(name) }

    /// Failure 1: while one process writes a run folder, another `lgf train` on it (new or `--resume`) is refused at
    /// once, naming the folder and the holder's process id and host; nothing it would have written is written.
    @Test func aSecondWriterIsRefusedNamingTheHolder() throws {
        let run = try Self.trainedRun(seed: 3)
        var holder: FolderLock? = try FolderLock.acquire(folder: run, command: "lgf train")
        let expected = "process \(getpid()) on \(LockHolder.thisHost)"
        let resumed = try #require(CLIHarness.failure(["train", "--output", run, "--resume", "--epochs", "2"]))
        #expect(resumed.exitCode == 1 && resumed.message.contains(run) && resumed.message.contains(expected), "\(resumed)")
        #expect(try RunFolder(path: run).readMetrics().map(\.epoch) == [1])
        let fresh = (CLIHarness.scratchFolder("defence-fresh") as NSString).appendingPathComponent("run")
        try FileManager.default.createDirectory(atPath: fresh, withIntermediateDirectories: true)
        let other = try FolderLock.acquire(folder: fresh, command: "lgf train")
        let started = try #require(CLIHarness.failure(["train", "--output", fresh, "--epochs", "1"] + Self.tiny))
        #expect(started.exitCode == 1 && started.message.contains(expected), "\(started)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: fresh) == [FolderLock.fileName])
        _ = other
        holder = nil   // the holder ends: the lock is free at once
        #expect(holder == nil)
        try CLIHarness.run(["train", "--output", run, "--resume", "--epochs", "2"])
        #expect(try RunFolder(path: run).readMetrics().map(\.epoch) == [1, 2])
    }

    /// Failure 7: another run's checkpoint, or a configuration.json edited after training, is refused (65) by
    /// `evaluate`, `sample` and `--resume`, naming the checkpoint and configuration.json.
    @Test func filesOfAnotherRunOrOtherSettingsAreRefusedNamingBothFiles() throws {
        let run = try Self.trainedRun(seed: 7), other = try Self.trainedRun(seed: 8)
        let best = Self.file(run, "checkpoints/best.safetensors"), latest = Self.file(run, "checkpoints/latest.safetensors")
        let configuration = Self.file(run, "configuration.json")
        let keptBest = try Data(contentsOf: URL(fileURLWithPath: best))
        try FileManager.default.removeItem(atPath: best)
        try FileManager.default.copyItem(atPath: Self.file(other, "checkpoints/best.safetensors"), toPath: best)
        for command in [["evaluate", run], ["sample", run, "--count", "3"]] {
            let failure = try #require(CLIHarness.failure(command))
            #expect(failure.exitCode == 65 && failure.message.contains(best) && failure.message.contains(configuration), "\(failure)")
        }
        try keptBest.write(to: URL(fileURLWithPath: best))
        try FileManager.default.removeItem(atPath: latest)
        try FileManager.default.copyItem(atPath: Self.file(other, "checkpoints/latest.safetensors"), toPath: latest)
        let resumed = try #require(CLIHarness.failure(["train", "--output", run, "--resume", "--epochs", "2"]))
        #expect(resumed.exitCode == 65 && resumed.message.contains(latest) && resumed.message.contains(configuration), "\(resumed)")
        #expect(try RunFolder(path: run).readMetrics().map(\.epoch) == [1])

        // configuration.json edited: the seed changed after training.
        let edited = try Self.trainedRun(seed: 7)
        var stored = try RunFolder(path: edited).readStoredConfiguration()
        stored.configuration.training.seed = 9
        try RunFolder(path: edited).writeConfiguration(stored.configuration, runID: stored.runID)
        let failure = try #require(CLIHarness.failure(["evaluate", edited]))
        #expect(failure.exitCode == 65 && failure.message.contains("seed") && failure.message.contains(Self.file(edited, "configuration.json")), "\(failure)")
    }

    /// configuration.json edited to settings no run has (dimension 0, no hidden layer) was refused with "invalid model
    /// configuration: dimension is 0" and exit 1, naming neither the file nor the edit; it is named, as damaged (65).
    @Test(arguments: [("\"dimension\" : 2", "\"dimension\" : 0", "dimension is 0"), ("\"layerCount\" : 2", "\"layerCount\" : -3", "layerCount is -3")])
    func impossibleSettingsInConfigurationJSONAreNamedAsAnEdit(original: String, edited: String, fragment: String) throws {
        let run = try Self.trainedRun(seed: 3)
        let path = Self.file(run, "configuration.json")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try #require(text.contains(original))
        try text.replacingOccurrences(of: original, with: edited).write(toFile: path, atomically: true, encoding: .utf8)
        for command in [["evaluate", run], ["sample", run, "--count", "2", "--output", Self.file(run, "s.csv")], ["train", "--output", run, "--resume"]] {
            let failure = try #require(CLIHarness.failure(command))
            #expect(failure.exitCode == 65 && failure.message.contains(path) && failure.message.contains(fragment), "\(command): \(failure)")
        }
    }

    /// A repeated key in configuration.json (which JSONDecoder would resolve by keeping one value) is refused.
    @Test func aRepeatedKeyInConfigurationJSONIsRefused() throws {
        let run = try Self.trainedRun(seed: 3)
        let path = Self.file(run, "configuration.json")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = "{\"runID\": \"someone-else\", " + text.drop { $0 != "{" }.dropFirst()
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let failure = try #require(CLIHarness.failure(["evaluate", run]))
        #expect(failure.exitCode != 0 && failure.message.contains(path) && failure.message.contains("runID"), "\(failure)")
    }

    /// Failure 2: whatever a kill or a power cut leaves of the last metrics line (any prefix, zero bytes) is dropped
    /// with a warning, and `--resume` goes on; CRLF line ends are read as well.
    @Test(arguments: ["prefix 1", "prefix 40", "prefix -1", "zeros 131", "crlf"])
    func aTornLastMetricsLineIsDroppedAndTheRunResumes(damage: String) throws {
        let run = try Self.trainedRun(seed: 3)
        let metrics = Self.file(run, "metrics.jsonl")
        let line = try Data(contentsOf: URL(fileURLWithPath: metrics))
        let parts = damage.split(separator: " ")
        var bytes = [UInt8](line)
        switch parts[0] {
        case "prefix":
            let count = Int(parts[1])! < 0 ? line.count - 1 : Int(parts[1])!   // at most the line without its newline
            bytes += line.prefix(count)
        case "zeros": bytes += [UInt8](repeating: 0, count: Int(parts[1])!)
        default: bytes = Array(String(decoding: line, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: metrics))
        try CLIHarness.run(["train", "--output", run, "--resume", "--epochs", "2"])
        #expect(try RunFolder(path: run).readMetrics().map(\.epoch) == [1, 2], "\(damage)")
    }

    /// Failure 8: one flipped byte in best.safetensors stops `--resume` (65) before it trains, not a later evaluate.
    @Test func aDamagedBestCheckpointStopsResume() throws {
        let run = try Self.trainedRun(seed: 3)
        let best = Self.file(run, "checkpoints/best.safetensors")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: best)))
        bytes[bytes.count - 5] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: best))
        let failure = try #require(CLIHarness.failure(["train", "--output", run, "--resume", "--epochs", "2"]))
        #expect(failure.exitCode == 65 && failure.message.contains(best), "\(failure)")
        #expect(try RunFolder(path: run).readMetrics().map(\.epoch) == [1])
    }

    /// Failure 3 and a minor item: without configuration.json, `--resume` says so (exit 1) instead of "pass --resume".
    @Test func resumeWithoutConfigurationSaysItIsMissing() throws {
        let run = try Self.trainedRun(seed: 3)
        try FileManager.default.removeItem(atPath: Self.file(run, "configuration.json"))
        let failure = try #require(CLIHarness.failure(["train", "--output", run, "--resume"]))
        #expect(failure.exitCode == 1 && failure.message.contains("configuration.json is missing") && !failure.message.contains("pass --resume"),
                "\(failure)")
    }

    /// Failure 6: a folder of someone else's files (even one named configuration.json) is never written into, and
    /// `--output ""` (the current directory) is refused.
    @Test(arguments: ["configuration.json", "metrics.jsonl", "summary.json", "notes.txt"])
    func someoneElsesFolderIsNotOverwritten(name: String) throws {
        let folder = (CLIHarness.scratchFolder("defence-foreign") as NSString).appendingPathComponent("theirs")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let contents = Data("{\"name\": \"my own notes\"}\n".utf8)
        try contents.write(to: URL(fileURLWithPath: Self.file(folder, name)))
        let failure = try #require(CLIHarness.failure(["train", "--output", folder, "--epochs", "1"] + Self.tiny))
        #expect(failure.exitCode != 0 && failure.message.contains(folder), "\(failure)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: Self.file(folder, name))) == contents)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 != FolderLock.fileName } == [name])
    }

    @Test func anEmptyOutputIsRefused() throws {
        let failure = try #require(CLIHarness.failure(["train", "--output", "", "--epochs", "1"] + Self.tiny))
        #expect(failure.exitCode == 64 && failure.message.contains("--output"), "\(failure)")
    }

    /// `evaluate` and `sample` take `--memory-limit` as `train` does, and check it before loading; `report` takes and
    /// validates it too (it passes it to every run it evaluates).
    @Test(arguments: [["evaluate"], ["sample", "--count", "2"]])
    func commandsThatLoadRunsTakeTheMemoryLimit(command: [String]) throws {
        let run = try Self.trainedRun(seed: 3)
        let refused = try #require(CLIHarness.failure(command + [run, "--memory-limit", "0.000001", "--json"]))
        #expect(refused.message.contains("GiB") && refused.message.contains("--memory-limit"), "\(refused)")
        #expect(CLIHarness.failure(command + [run, "--memory-limit", "-1"])?.exitCode == 64)
        #expect(CLIHarness.failure(["report", (run as NSString).deletingLastPathComponent, "--memory-limit", "0"])?.exitCode == 64)
    }
}
