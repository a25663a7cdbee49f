import Foundation
import Testing
@testable import Sweeps

/// Every specification in `presets/` reads and plans its runs, so a preset cannot name a setting, model or dataset the
/// tool no longer knows (the folders they name through `$LGF_MINIBOONE_SPLITS` need not exist to plan).
struct PresetFilesTests {
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: ImagePresetTests.presets)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test func thePresetsFolderHoldsTheSpecifications() {
        #expect(Self.files.count >= 10 && Self.files.contains("figure1.yaml") && Self.files.contains("splines-2d-budget.yaml"))
    }

    @Test(arguments: files)
    func presetPlansItsRuns(file: String) throws {
        let specification = try SweepSpecification.read(path: ImagePresetTests.presets + "/" + file,
                                                        environment: ["LGF_MINIBOONE_SPLITS": "splits"])
        let runs = try specification.runs()
        #expect(!runs.isEmpty)
        #expect(Set(runs.map(\.id)).count == runs.count, "\(file): run ids repeat")
    }

    @Test func theSplineTableStatesTheTailBoundItWasRunWith() throws {
        let specification = try SweepSpecification.read(path: ImagePresetTests.presets + "/splines-2d-budget.yaml", environment: [:])
        let runs = try specification.runs()
        #expect(runs.count == 120)
        #expect(runs.filter { $0.model.hasSplineSteps }.allSatisfy { $0.overrides.tailBound == 3 })
        #expect(runs.filter { !$0.model.hasSplineSteps }.allSatisfy { $0.overrides.tailBound == nil })
    }
}
