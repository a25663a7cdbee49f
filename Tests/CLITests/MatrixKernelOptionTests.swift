import Foundation
import Testing

/// `--matrix-kernel` chooses what computes float32 products. Run in a child `lgf` process: the choice is process-wide,
/// and setting it inside the test runner would change the products of every test that runs after.
@Suite(.enabled(if: LGFBinary.path != nil, "needs the lgf binary beside the test runner (swift build --build-tests)"))
struct MatrixKernelOptionTests {
    /// `lgf bench train … --json` with `extra`: its exit status, and the `matrixKernel` its JSON line reports.
    private func benchKernel(_ extra: [String]) throws -> (status: Int32, kernel: String?, output: String) {
        let result = try LGFBinary.runForJSONLine(["bench", "train", "--dataset", "2d", "--model", "maf", "--repeats", "1", "--steps-per-repeat", "1",
                                                   "--warmup-steps", "0", "--json"] + extra)
        return (result.status, result.object?["matrixKernel"] as? String, result.output)
    }

    @Test func ownPutsProductsOnOurKernelAndOpenBLASOnOpenBLAS() throws {
        let own = try benchKernel(["--matrix-kernel", "own"])
        #expect(own.status == 0, "\(own.output)")
        #expect(own.kernel?.hasPrefix("own ") == true, "\(own.output)")
        let openBLAS = try benchKernel(["--matrix-kernel", "openblas"])
        #expect(openBLAS.status == 0, "\(openBLAS.output)")
        #expect(openBLAS.kernel?.hasPrefix("OpenBLAS ") == true, "\(openBLAS.output)")
    }

    /// The training data of a run's `best.safetensors`: the bytes after its header (whose metadata holds timings).
    private func tensorBytes(ofBestCheckpointIn run: String) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: (run as NSString).appendingPathComponent("checkpoints/best.safetensors")))
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return data.dropFirst(8 + headerLength)
    }

    /// Our kernel splits a product over output blocks, so a seeded run gives the same objectives, validation scores
    /// and weights at one thread and at two (the 2-D LGF-MAF's 1000 × 50 × 50 products are split in two).
    @Test(.enabled(if: ProcessInfo.processInfo.activeProcessorCount >= 2, "needs two cores"))
    func trainingOnOurKernelIsTheSameAtOneAndTwoThreads() throws {
        let folder = CLIHarness.scratchFolder("matrix-kernel-threads")
        var metrics: [[String]] = [], weights: [Data] = []
        for threads in ["1", "2"] {
            let run = (folder as NSString).appendingPathComponent("threads\(threads)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(LGFBinary.path))
            process.arguments = ["train", "--dataset", "2uniforms", "--model", "lgf-maf", "--epochs", "1", "--matrix-kernel", "own",
                                 "--threads", threads, "--output", run]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let lines = try String(contentsOfFile: (run as NSString).appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
            // Every figure but the epoch's duration.
            metrics.append(try lines.map { line in
                var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                object["seconds"] = nil
                return String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
            })
            weights.append(try tensorBytes(ofBestCheckpointIn: run))
        }
        #expect(metrics[0].count == 1 && metrics[0] == metrics[1])
        #expect(!weights[0].isEmpty && weights[0] == weights[1])
    }

    @Test func anUnknownKernelIsRefusedWithTheChoices() throws {
        let result = try benchKernel(["--matrix-kernel", "fastest"])
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("fastest") && result.output.contains("automatic") && result.output.contains("openblas")
                && result.output.contains("own"), "\(result.output)")
    }
}
