import Foundation
import Testing
import Reports

/// Helpers for the sweep and report tests: the `lgf` executable built beside the tests, tiny specifications,
/// and child processes.
enum SweepHarness {
    /// `lgf`, built into the same folder as the test bundle (`swift build --build-tests` and `swift test` build both).
    static var executable: String {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]   // not Linux: the argument
        var url = URL(fileURLWithPath: testBinary)
        while url.path != "/" && !FileManager.default.isExecutableFile(atPath: url.deletingLastPathComponent().appendingPathComponent("lgf").path) {
            url.deleteLastPathComponent()
        }
        return url.deletingLastPathComponent().appendingPathComponent("lgf").path
    }

    /// A specification of tiny two-rectangles runs (milliseconds per epoch) in a fresh folder; returns its path.
    static func specification(_ body: String, folder: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent("spec.yaml")
        try body.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let tinySettings = """
        settings:
          layers: 2
          hidden: [8, 8]
          index-dimension: 1
          shift-scale-hidden: [4]
          prior-hidden: [8]
          posterior-hidden: [8]
          train-draws: 2
          validation-samples: 3
          batch-size: 500
        """

    /// Starts `lgf` with `arguments` as a child process, output to `log`.
    static func start(_ arguments: [String], log: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Starts `lgf` with `arguments` in `environment` as a child process whose standard output and error are one pipe.
    static func start(_ arguments: [String], environment: [String: String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    /// Blocks until no process holds the lock on `path` (a run folder's lock file, which its training process holds for
    /// as long as it lives; see `FolderLock`). A missing file is held by no one; `false` when the file cannot be opened or locked.
    static func waitForRelease(of path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return errno == ENOENT }
        defer { close(descriptor) }
        var result: Int32
        repeat { result = flock(descriptor, LOCK_EX) } while result != 0 && errno == EINTR
        flock(descriptor, LOCK_UN)
        return result == 0
    }

    /// Process ids whose command line contains `text` (e.g. a run folder's path).
    static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []   // no /proc: nothing to find
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let commandLine = String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            return commandLine.contains(text) ? pid : nil
        }
    }

    /// How many times the sweep started or resumed a run (headers in the run's log).
    static func launches(of run: String, in sweep: String) -> (starts: Int, resumes: Int) {
        let log = (sweep as NSString).appendingPathComponent(".sweep/logs/\(run).log")
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""   // no log: never launched
        let lines = text.split(separator: "\n")
        return (lines.filter { $0.hasPrefix("== lgf sweep") && $0.contains(": start: ") }.count,
                lines.filter { $0.hasPrefix("== lgf sweep") && $0.contains(": resume: ") }.count)
    }

    /// The report's rows (results.json) without the run paths, which differ between sweep folders.
    static func table(of folder: String) throws -> [ResultRow] {
        struct Document: Decodable { let rows: [ResultRow] }
        let data = try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("report/results.json")))
        return try JSONDecoder().decode(Document.self, from: data).rows.map { row in
            var row = row
            row.runs = []
            row.trainingSeconds = 0
            return row
        }
    }
}
