import Foundation
import Testing

/// `--matrix-kernel` chooses what computes float32 products. Run in a child `lgf` process: the choice is process-wide,
/// and setting it inside the test runner would change the products of every test that runs after.
@Suite(.enabled(if: LGFBinary.path != nil, "needs the lgf binary beside the test runner (swift build --build-tests)"))
struct MatrixKernelOptionTests {
    /// `lgf bench train … --json` with `extra`: its exit status, and the `matrixKernel` its JSON line reports.
    private func benchKernel(_ extra: [String]) throws -> (status: Int32, kernel: String?, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(LGFBinary.path))
        process.arguments = ["bench", "train", "--dataset", "2d", "--model", "maf", "--repeats", "1", "--steps-per-repeat", "1",
                             "--warmup-steps", "0", "--json"] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        let last = output.split(separator: "\n").last.map(String.init) ?? ""
        let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        return (process.terminationStatus, object?["matrixKernel"] as? String, output)
    }

    @Test func ownPutsProductsOnOurKernelAndOpenBLASOnOpenBLAS() throws {
        let own = try benchKernel(["--matrix-kernel", "own"])
        #expect(own.status == 0, "\(own.output)")
        #expect(own.kernel?.hasPrefix("Swift AVX") == true, "\(own.output)")
        let openBLAS = try benchKernel(["--matrix-kernel", "openblas"])
        #expect(openBLAS.status == 0, "\(openBLAS.output)")
        #expect(openBLAS.kernel?.hasPrefix("OpenBLAS ") == true, "\(openBLAS.output)")
    }

    @Test func anUnknownKernelIsRefusedWithTheChoices() throws {
        let result = try benchKernel(["--matrix-kernel", "fastest"])
        #expect(result.status == 64, "\(result.output)")
        #expect(result.output.contains("fastest") && result.output.contains("automatic") && result.output.contains("openblas")
                && result.output.contains("own"), "\(result.output)")
    }
}
