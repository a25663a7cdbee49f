import Foundation
import Testing
@testable import CLI

/// The report's HTML page rendered by a real headless browser (Debian's `chromium`, installed by
/// `scripts/install-test-dependencies`): the screenshot is not blank and the table's numbers are in the page.
struct ReportBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    private func browser(_ arguments: [String], output: String) throws -> Int32 {
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromium ?? "/usr/bin/chromium")
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\((output as NSString).deletingLastPathComponent)/profile"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(.enabled(if: ReportBrowserTests.chromium != nil, "needs chromium (scripts/install-test-dependencies)"))
    func thePageRendersWithItsNumbers() throws {
        let folder = CLIHarness.scratchFolder("browser")
        let runs = (folder as NSString).appendingPathComponent("runs")
        for (model, seed) in [("maf", "0"), ("maf", "1"), ("lgf-maf", "0")] {
            try CLIHarness.run(["train", "--dataset", "2uniforms", "--model", model, "--epochs", "2", "--batch-size", "500", "--seed", seed,
                                "--snapshot-epochs", "2", "--output", "\(runs)/\(model)-\(seed)", "--json"] + CLIHarness.tinyModel)
        }
        let report = (folder as NSString).appendingPathComponent("report")
        try CLIHarness.run(["report", runs, "--output", report, "--importance-samples", "5", "--grid-size", "12", "--plot-importance-samples", "2", "--json"])
        let page = URL(fileURLWithPath: (report as NSString).appendingPathComponent("index.html")).absoluteString
        let screenshot = (folder as NSString).appendingPathComponent("page.png")
        #expect(try browser(["--screenshot=\(screenshot)", "--window-size=1200,1600", page], output: folder + "/screenshot.log") == 0)
        let pixels = try ScreenshotPixels(png: Array(try Data(contentsOf: URL(fileURLWithPath: screenshot))), path: screenshot)
        #expect(pixels.width == 1200 && pixels.height == 1600)
        #expect(pixels.inkedFraction > 0.02 && pixels.colourCount > 50)   // text, table borders and colour-mapped densities
        let dom = (folder as NSString).appendingPathComponent("dom.html")
        #expect(try browser(["--dump-dom", page], output: dom) == 0)
        let rendered = try String(contentsOfFile: dom, encoding: .utf8)
        struct Document: Decodable { struct Row: Decodable { let model: String; let test: Test }; struct Test: Decodable { let mean: Double }; let rows: [Row] }
        let table = try JSONDecoder().decode(Document.self, from: Data(contentsOf: URL(fileURLWithPath: (report as NSString).appendingPathComponent("results.json"))))
        #expect(table.rows.count == 2)
        for row in table.rows { #expect(rendered.contains(String(format: "%.3f", row.test.mean))) }
        #expect(rendered.contains("<table id=\"results\">") && rendered.contains("data:image/png;base64,"))
    }
}
