import Foundation
import Testing
@testable import CLI

/// `lgf describe --objective-terms N` prints the objective's terms at initialisation, step by step, and they add up.
struct ObjectiveTermsTests {
    /// The numbers of the line that starts with `prefix`.
    static func numbers(in text: String, lineStartingWith prefix: String) -> [Double] {
        guard let line = text.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }) else { return [] }
        return line.split(whereSeparator: { " =+,:()".contains($0) }).compactMap { Double($0) }
    }

    @Test(arguments: ["maf", "lgf-maf"])
    func describeAddsUpTheTermsOfAFreshModel(model: String) throws {
        let text = try CLIHarness.run(["describe", "--dataset", "2uniforms", "--model", model, "--objective-terms", "200"] + CLIHarness.tinyModel).output
        #expect(text.contains("Objective at initialisation on the first 200 training points"))
        let total = Self.numbers(in: text, lineStartingWith: "total")
        #expect(total.count == 5, "\(text)")
        if total.count == 5 {
            #expect(abs(total[0] - (total[1] + total[2] + total[3] + total[4])) < 0.02)
            // A fresh flow on two rectangles is a few nats per point below the optimum (−1.386), never far off.
            #expect(total[0] < -1.386 && total[0] > -20)
            if model == "maf" { #expect(total[2] == 0) }
        }
    }

    @Test func fewerThanTwoPointsAreRefused() {
        let failure = CLIHarness.failure(["describe", "--dataset", "2uniforms", "--objective-terms", "1"])
        #expect(failure?.exitCode == 64)
        #expect(failure?.message.contains("--objective-terms") == true)
    }
}
