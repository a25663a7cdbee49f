import Foundation
import Testing
import Runs
import TestSupport

/// An evaluation in chunks (`EvaluationChunks`): shared among the ranks of an MPI job, or kept in the run folder and
/// continued after an interruption, it gives exactly the numbers of one process in one sitting. For images, with
/// K = 20 and 100 rows per pass a chunk is 5 images, so the 12 test images are 3 chunks (5, 5, 2): two ranks share a
/// first round and one rank scores the last chunk alone.
@Suite(.serialized)
struct SharedEvaluationTests {
    static let importanceSamples = ["--importance-samples", "20", "--seed", "4"]

    /// A one-epoch LGF-RealNVP on 120 4 × 4 images.
    static func trainedRun(_ name: String) throws -> String {
        let data = try ImageCLITests.imageFile(name)
        let run = CLIHarness.scratchFolder(name)
        try CLIHarness.run(["train", "--data", data, "--model", "lgf-realnvp", "--epochs", "1", "--output", run, "--json"]
            + ImageCLITests.tinyImageModel)
        return run
    }

    /// `lgf evaluate` in this process: the JSON figures and the per-point file's text.
    static func evaluate(_ run: String, _ extra: [String], perPoint: String) throws -> (figures: [Double], points: String) {
        let json = try UserDataFiles.json(try CLIHarness.run(["evaluate", run, "--json", "--per-point", perPoint] + importanceSamples + extra))
        return (try figures(json), try String(contentsOfFile: perPoint, encoding: .utf8))
    }

    static func figures(_ json: [String: Any]) throws -> [Double] {
        try ["logLikelihood", "standardError", "estimatorStandardError", "bitsPerDimension"].map { try #require(json[$0] as? Double, "\($0) in \(json)") }
    }

    /// The chunk files an evaluation kept, by path.
    static func chunkFiles(_ run: String) -> [String] {
        let folder = (run as NSString).appendingPathComponent("evaluations")
        let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? []   // none kept: no files
        return names.filter { $0.hasSuffix(".f64") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }

    @Test func aResumedEvaluationRepeatsOneWithoutABreakAndRefusesADamagedChunk() throws {
        let run = try Self.trainedRun("evaluation-resume")
        let plain = try Self.evaluate(run, [], perPoint: run + "/plain.csv")
        #expect(plain.figures.allSatisfy { $0.isFinite }, "\(plain.figures)")
        #expect(Self.chunkFiles(run).isEmpty, "without --resumable nothing is kept")

        let kept = try Self.evaluate(run, ["--resumable"], perPoint: run + "/kept.csv")
        #expect(kept.figures == plain.figures && kept.points == plain.points)
        let chunks = Self.chunkFiles(run)
        #expect(chunks.count == 3, "\(chunks)")
        let last = try Data(contentsOf: URL(fileURLWithPath: chunks[2]))
        #expect(last.count == 2 * 2 * 8, "the last chunk holds 2 images' estimates and standard errors")

        // An interruption after the first two chunks: the third is scored again, the first two are taken as kept.
        try FileManager.default.removeItem(atPath: chunks[2])
        let resumed = try Self.evaluate(run, ["--resumable"], perPoint: run + "/resumed.csv")
        #expect(resumed.figures == plain.figures && resumed.points == plain.points)
        #expect(try Data(contentsOf: URL(fileURLWithPath: chunks[2])) == last)

        // Kept chunks are used, not recomputed: a kept estimate changed by hand shows in the result.
        var first = try Data(contentsOf: URL(fileURLWithPath: chunks[0]))
        let doctored = Double(bitPattern: first.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }) - 120
        first.replaceSubrange(0 ..< 8, with: (0 ..< 8).map { UInt8(truncatingIfNeeded: doctored.bitPattern >> (8 * $0)) })
        try first.write(to: URL(fileURLWithPath: chunks[0]))
        let edited = try Self.evaluate(run, ["--resumable"], perPoint: run + "/edited.csv")
        #expect(abs((edited.figures[0] - plain.figures[0]) * 12 + 120) < 1e-6, "\(edited.figures[0]) against \(plain.figures[0])")

        // A chunk file of the wrong length is refused, naming it.
        try first.prefix(24).write(to: URL(fileURLWithPath: chunks[0]))
        let failure = try #require(CLIHarness.failure(["evaluate", run, "--resumable"] + Self.importanceSamples))
        #expect(failure.exitCode != 0 && failure.message.contains(chunks[0]) && failure.message.contains("expected 80 bytes"), "\(failure)")
    }

    @Test func twoRanksShareTheChunksAndPrintOneProcesssNumbers() throws {
        let run = try Self.trainedRun("evaluation-ranks")
        let plain = try Self.evaluate(run, [], perPoint: run + "/plain.csv")
        let log = run + "/ranks.log"
        let job = try DistributedSweepTests.startTwoRanks(["evaluate", run, "--json", "--per-point", run + "/ranks.csv"] + Self.importanceSamples, log: log)
        job.waitUntilExit()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""   // no log: the expectation below reports the status
        #expect(job.terminationStatus == 0, "\(text)")
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == 1, "rank 0 alone prints: \(text)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any])
        #expect(try Self.figures(json) == plain.figures)
        #expect(try String(contentsOfFile: run + "/ranks.csv", encoding: .utf8) == plain.points)
    }

    /// A vector run: K = 50 and 2,000 rows per pass make 40 points a pass and 2,000 a chunk (50 passes).
    @Test func aVectorRunsEvaluationIsSharedAndResumedToOneProcesssNumbers() throws {
        let run = CLIHarness.scratchFolder("evaluation-vectors")
        try CLIHarness.run(["train", "--dataset", "2uniforms", "--model", "lgf-maf", "--epochs", "1", "--output", run, "--json"] + CLIHarness.tinyModel)
        let settings = ["--importance-samples", "50", "--seed", "4"]
        func evaluate(_ extra: [String], _ name: String) throws -> (figures: [Double], points: String, count: Int) {
            let json = try UserDataFiles.json(try CLIHarness.run(["evaluate", run, "--json", "--per-point", run + "/" + name] + settings + extra))
            return (try Self.figures(json), try String(contentsOfFile: run + "/" + name, encoding: .utf8), try #require(json["points"] as? Int))
        }
        let plain = try evaluate([], "plain.csv")
        let kept = try evaluate(["--resumable"], "kept.csv")
        #expect(kept.figures == plain.figures && kept.points == plain.points)
        let chunks = Self.chunkFiles(run)
        #expect(chunks.count == (plain.count + 1_999) / 2_000, "\(plain.count) points in \(chunks)")
        try FileManager.default.removeItem(atPath: try #require(chunks.last))
        let resumed = try evaluate(["--resumable"], "resumed.csv")
        #expect(resumed.figures == plain.figures && resumed.points == plain.points)

        let log = run + "/ranks.log"
        let job = try DistributedSweepTests.startTwoRanks(["evaluate", run, "--json", "--per-point", run + "/ranks.csv"] + settings, log: log)
        job.waitUntilExit()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""   // no log: the expectation below reports the status
        #expect(job.terminationStatus == 0, "\(text)")
        let line = try #require(text.split(separator: "\n").last { $0.hasPrefix("{") })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(try Self.figures(json) == plain.figures)
        #expect(try String(contentsOfFile: run + "/ranks.csv", encoding: .utf8) == plain.points)
    }
}
