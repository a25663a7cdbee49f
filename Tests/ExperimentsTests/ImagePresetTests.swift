import Foundation
import Testing
@testable import Sweeps

struct ImagePresetTests {
    /// The repository's `presets/` folder, found from this file's path.
    static var presets: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("presets").path
    }

    @Test func theCPUBudgetPresetPlansOneRunPerModelWithTheImageKeys() throws {
        let specification = try SweepSpecification.read(path: Self.presets + "/fashion-mnist-cpu-budget.yaml", environment: [:])
        let runs = try specification.runs()
        #expect(runs.map(\.model) == [.realNVP, .lgfRealNVP])
        for run in runs {
            #expect(run.overrides.couplerBlocks == 2 && run.overrides.couplerHidden == 32 && run.overrides.trainImages == 1500)
            #expect(run.trainArguments(folder: "f", configurationFile: "c.json").starts(with: ["train", "--dataset", "fashion-mnist"]))
        }
        #expect(runs[0].overrides.indexHidden == nil && runs[1].overrides.indexHidden == 16)
    }
}
