import Testing
@testable import CLI
import Tensors

/// `--convolution-algorithm` chooses direct or Winograd 3 × 3 convolutions, with the other kernel choices
/// (`ComputeOptions`). Its effect is checked in a child `lgf` process: the choice is process-wide, and setting it
/// inside the test runner would change the convolutions of every test that runs after.
struct ConvolutionAlgorithmOptionTests {
    @Test func parsesEveryAlgorithmAndDefaultsToAutomatic() throws {
        #expect(try ComputeOptions.parse([]).convolutionAlgorithm == .automatic)
        for algorithm in ConvolutionAlgorithm.allCases {
            #expect(try ComputeOptions.parse(["--convolution-algorithm", algorithm.rawValue]).convolutionAlgorithm == algorithm)
        }
    }

    @Test func anUnknownAlgorithmIsRefusedWithTheChoices() {
        BadInputTests.expectFailure(["bench", "conv", "--convolution-algorithm", "fastest"],
                                    mentioning: ["--convolution-algorithm", "fastest", "automatic", "direct", "winograd"])
    }

    /// `lgf bench conv` on a tiny layer with `extra`: the `algorithm` and `convolutionKernel` of its JSON line.
    private func benchConv(_ extra: [String]) throws -> (algorithm: String?, kernel: String?, output: String) {
        let result = try LGFBinary.runForJSONLine(["bench", "conv", "--batch", "2", "--channels", "16", "--size", "8", "--blocks", "1", "--repeats", "1",
                                                   "--steps", "1", "--warmup", "0", "--json"] + extra)
        return (result.object?["algorithm"] as? String, result.object?["convolutionKernel"] as? String, result.output)
    }

    @Test(.enabled(if: LGFBinary.path != nil, "needs the lgf binary beside the test runner (swift build --build-tests)"))
    func theChoiceIsPutInForce() throws {
        let direct = try benchConv(["--convolution-algorithm", "direct"])
        #expect(direct.algorithm == "direct" && direct.kernel?.hasPrefix("direct:") == true, "\(direct.output)")
        let winograd = try benchConv(["--convolution-algorithm", "winograd"])
        #expect(winograd.algorithm == "winograd" && winograd.kernel?.hasPrefix("Winograd") == true, "\(winograd.output)")
        let automatic = try benchConv([])
        #expect(automatic.algorithm == "automatic", "\(automatic.output)")
    }
}
