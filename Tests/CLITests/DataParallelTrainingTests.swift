import Foundation
import Testing
import Runs
import TestSupport

/// `mpirun -n 2 lgf train --data-parallel`: two ranks train the model one process trains, rank 0 alone writes,
/// a run resumes with the same or another number of ranks, and LGF-MAF reaches one process's likelihood.
/// Needs Open MPI's `mpirun` (installed by scripts/install-dependencies), as `DistributedSweepTests` does.
@Suite(.serialized)
struct DataParallelTrainingTests {
    /// A tiny two-rectangles run: 20 steps of 500 rows per epoch. MAF's batch norm (on by default for the
    /// baselines) makes every step depend on the whole batch's statistics; validation takes them from the
    /// training set (see `relativeTolerance`).
    static func settings(model: String, seed: Int) -> [String] {
        ["--dataset", "2uniforms", "--model", model, "--batch-size", "500", "--seed", "\(seed)", "--batch-norm-statistics", "training-set"] + CLIHarness.tinyModel
    }

    /// Trains with two ranks; returns what the job printed.
    @discardableResult
    static func trainWithTwoRanks(_ arguments: [String], output: String) throws -> String {
        let log = output + ".log"
        let job = try DistributedSweepTests.startTwoRanks(["train"] + arguments + ["--output", output, "--data-parallel", "--json"], log: log)
        job.waitUntilExit()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""   // no log: the expectation below reports the status
        #expect(job.terminationStatus == 0, "\(text)")
        return text
    }

    /// Each epoch's training objective, validation estimate and learning rate (not its duration).
    static func history(_ output: String) throws -> [[Double]] {
        try RunFolder(path: output).readMetrics().map { [$0.trainObjective, $0.validation, $0.learningRate] }
    }

    /// Every file of a run folder, relative to it.
    static func files(_ output: String) -> [String] {
        ((FileManager.default.enumerator(atPath: output)?.allObjects as? [String]) ?? []).sorted()   // no folder: no files
    }

    /// Float tolerance for two trainings of the same model that differ only in the order float32 sums are taken:
    /// the two ranks sum 250-row halves of each batch's loss, gradient and batch-norm moments and then add them,
    /// where one process sums 500 rows at once (a relative rounding difference of about 1e-7 per step). Measured
    /// differences after 4 epochs are at most 7e-7 of the value; 1e-5 leaves room for the compounding of
    /// such differences over 80 Adam steps and is still far below any modelling difference (one epoch changes the
    /// objective by more than 1e-2).
    ///
    /// Validation uses batch-norm statistics recomputed over the training set (`--batch-norm-statistics
    /// training-set`). With running averages it could not be compared this closely: batch norm makes the loss
    /// invariant to a shift of the layer before it, so the gradient along that shift is pure rounding noise, which
    /// Adam's division by √v̂ turns into steps of up to the learning rate in a direction that differs between any
    /// two summation orders. The loss does not see those steps, but running averages lag behind them, and the
    /// validation estimates of two such runs then differ by about 3e-3 of their value.
    static let relativeTolerance = 1e-5

    static func expectClose(_ actual: [[Double]], _ expected: [[Double]], _ what: String) {
        #expect(actual.count == expected.count, "\(what): \(actual.count) epochs against \(expected.count)")
        for (epoch, (a, e)) in zip(actual, expected).enumerated() {
            #expect(isApproximatelyEqual(a, e, tolerance: 0, relative: relativeTolerance), "\(what), epoch \(epoch + 1): \(a) against \(e)")
        }
    }

    @Test func twoRanksTrainMAFAsOneProcessDoesAndResumeWithAnyRankCount() throws {
        let folder = CLIHarness.scratchFolder("dp-maf")
        let path = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        let maf = Self.settings(model: "maf", seed: 3)
        try CLIHarness.run(["train"] + maf + ["--epochs", "4", "--output", path("single"), "--json"])
        let single = try Self.history(path("single"))
        #expect(single.count == 4)

        // Alone, --data-parallel is an ordinary run, bit for bit.
        try CLIHarness.run(["train"] + maf + ["--epochs", "4", "--output", path("alone"), "--data-parallel", "--json"])
        #expect(try Self.history(path("alone")) == single)

        let printed = try Self.trainWithTwoRanks(maf + ["--epochs", "4"], output: path("two"))
        Self.expectClose(try Self.history(path("two")), single, "two ranks")
        // Rank 0 alone printed and wrote: one summary line, and the files one process writes.
        #expect(printed.split(separator: "\n").filter { $0.hasPrefix("{") }.count == 1, "\(printed)")
        #expect(Self.files(path("two")) == Self.files(path("single")))

        // Two ranks for 2 epochs, then one process resumes to 4; and the other way round.
        try Self.trainWithTwoRanks(maf + ["--epochs", "2"], output: path("two-then-one"))
        try CLIHarness.run(["train", "--epochs", "4", "--output", path("two-then-one"), "--resume", "--json"])
        Self.expectClose(try Self.history(path("two-then-one")), single, "two ranks, resumed by one process")
        try CLIHarness.run(["train"] + maf + ["--epochs", "2", "--output", path("one-then-two"), "--json"])
        try Self.trainWithTwoRanks(["--epochs", "4", "--resume"], output: path("one-then-two"))
        Self.expectClose(try Self.history(path("one-then-two")), single, "one process, resumed by two ranks")
    }

    @Test func ranksWithoutDataParallelRefuseToTrainOneRunTwice() throws {
        let output = (CLIHarness.scratchFolder("dp-refused") as NSString).appendingPathComponent("run")
        let job = try DistributedSweepTests.startTwoRanks(["train"] + Self.settings(model: "maf", seed: 0) + ["--epochs", "1", "--output", output], log: output + ".log")
        job.waitUntilExit()
        let text = (try? String(contentsOfFile: output + ".log", encoding: .utf8)) ?? ""   // no log: the expectations below fail
        #expect(job.terminationStatus != 0)
        #expect(text.contains("--data-parallel"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// Rank 0 alone fails (it cannot create the run folder) while rank 1 waits for it in the first all-reduce: the
    /// job must end with rank 0's error and exit code, not hang.
    @Test(.timeLimit(.minutes(3))) func anErrorOnOneRankEndsTheWholeJob() throws {
        let log = (CLIHarness.scratchFolder("dp-error") as NSString).appendingPathComponent("job.log")
        let job = try DistributedSweepTests.startTwoRanks(["train"] + Self.settings(model: "maf", seed: 0) + ["--epochs", "1", "--output", "/proc/lgf-no-such-folder/run", "--data-parallel"], log: log)
        // A job that hung after rank 0 failed would never exit: the time limit, a guard, fails the test then.
        job.waitUntilExit()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""   // no log: the expectations below fail
        #expect(job.terminationStatus != 0)
        #expect(text.contains("rank 0 of 2") && text.contains("/proc/lgf-no-such-folder/run"), "\(text)")
    }

    /// LGF-MAF draws u inside every step, from per-rank streams: a resumed two-rank run repeats an
    /// uninterrupted one exactly.
    @Test func aResumedLGFRunRepeatsAnUninterruptedOneWithTheSameRanks() throws {
        let folder = CLIHarness.scratchFolder("dp-lgf-resume")
        let path = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        let lgf = Self.settings(model: "lgf-maf", seed: 5)
        try Self.trainWithTwoRanks(lgf + ["--epochs", "3"], output: path("whole"))
        try Self.trainWithTwoRanks(lgf + ["--epochs", "2"], output: path("resumed"))
        try Self.trainWithTwoRanks(["--epochs", "3", "--resume"], output: path("resumed"))
        let whole = try Self.history(path("whole"))
        #expect(whole.count == 3)
        #expect(try Self.history(path("resumed")) == whole)
    }

    /// Trained with two ranks, LGF-MAF's test log-likelihood lies among one process's over seeds: the two means
    /// differ by less than the larger spread (max − min) of the two sets of seeds.
    @Test func twoRanksReachTheLikelihoodOfOneProcessWithinTheSeedsSpread() throws {
        let folder = CLIHarness.scratchFolder("dp-lgf")
        let seeds = [0, 1, 2]
        var one: [Double] = [], two: [Double] = []
        for seed in seeds {
            let settings = Self.settings(model: "lgf-maf", seed: seed) + ["--epochs", "6"]
            let single = (folder as NSString).appendingPathComponent("one-\(seed)"), pair = (folder as NSString).appendingPathComponent("two-\(seed)")
            try CLIHarness.run(["train"] + settings + ["--output", single, "--json"])
            try Self.trainWithTwoRanks(settings, output: pair)
            for (run, into) in [(single, 0), (pair, 1)] {
                let report = try RunEvaluator.evaluate(try LoadedRun(folder: RunFolder(path: run)), importanceSamples: 10)
                if into == 0 { one.append(report.logLikelihood) } else { two.append(report.logLikelihood) }
            }
        }
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        let spread = max(one.max()! - one.min()!, two.max()! - two.min()!)
        #expect(abs(mean(two) - mean(one)) < spread, "one process \(one), two ranks \(two)")
        #expect(one.allSatisfy(\.isFinite) && two.allSatisfy(\.isFinite))
    }

    /// `lgf bench train --data-parallel` on images: two ranks time the step of a tiny RealNVP (its ResNets' batch
    /// norm summing over the ranks), and rank 0 alone prints one measurement.
    @Test func twoRanksTimeAnImageModelsStep() throws {
        let images = BenchImageTests.idxFile(count: 8)
        let log = CLIHarness.scratchFolder("dp-image-bench") + "/bench.log"
        let job = try DistributedSweepTests.startTwoRanks(["bench", "train", "--dataset", "mnist", "--model", "realnvp", "--images", images,
                                                           "--coupler-blocks", "1", "--batch", "4", "--repeats", "2", "--warmup-steps", "1",
                                                           "--data-parallel", "--json"], log: log)
        job.waitUntilExit()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""   // no log: the expectations below report it
        #expect(job.terminationStatus == 0, "\(text)")
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == 1, "\(text)")
        struct Measurement: Decodable {
            let ranks, batch, rowsPerRank, repeats, parameters, allReduceBytesPerStep: Int
            let samplesPerSecond, finalLoss: Double
        }
        let result = try JSONDecoder().decode(Measurement.self, from: Data((lines.first ?? "{}").utf8))
        #expect(result.ranks == 2 && result.batch == 4 && result.rowsPerRank == 2 && result.repeats == 2, "\(result)")
        #expect(result.samplesPerSecond > 0 && result.allReduceBytesPerStep == 4 * (result.parameters + 1) && result.finalLoss.isFinite, "\(result)")
    }

    /// Image models train over two ranks too: the ResNets' batch norm takes the statistics of the whole batch
    /// (`DataParallelBatchNorm2dTests` checks that law), rank 0 alone writes, and since the dequantisation noise
    /// comes from per-rank streams, a resumed two-rank run repeats an uninterrupted one exactly.
    @Test func twoRanksTrainAnImageModelAndResumeIt() throws {
        let data = try ImageCLITests.imageFile("dp-images", count: 60)
        let folder = CLIHarness.scratchFolder("dp-images")
        let path = { (name: String) in (folder as NSString).appendingPathComponent(name) }
        let settings = ["--data", data, "--model", "realnvp", "--seed", "3"] + ImageCLITests.tinyImageModel
        try Self.trainWithTwoRanks(settings + ["--epochs", "2"], output: path("whole"))
        try Self.trainWithTwoRanks(settings + ["--epochs", "1"], output: path("resumed"))
        try Self.trainWithTwoRanks(["--epochs", "2", "--resume"], output: path("resumed"))
        let whole = try Self.history(path("whole"))
        #expect(whole.count == 2 && whole.allSatisfy { $0.allSatisfy(\.isFinite) }, "\(whole)")
        #expect(try Self.history(path("resumed")) == whole)
        #expect(Self.files(path("whole")) == Self.files(path("resumed")))
    }
}
