import Foundation
import Testing
@testable import Runs
@testable import Training
@testable import Reports
import Figures
import Flows

/// The report's density panels and Figure-2 strips are stored beside the runs and reused while their checkpoints
/// stay the same; a run trained further (a new best checkpoint) has its figures drawn again.
struct ReportFigureCacheTests {
    static func options() -> ReportOptions {
        var options = ReportOptions()
        options.importanceSamples = 5
        options.gridSize = 10
        options.sampling = ImportanceSampling(initialSamples: 2)
        return options
    }

    /// The PNGs of the density figures (panels side by side, strips) by title, and whether each came from the cache.
    static func densityFigures(of root: String) throws -> [String: (png: [UInt8], cached: Bool)] {
        let report = try ReportBuilder.build(root: root, options: options())
        let figures = report.figures.filter { $0.section.hasPrefix("Densities") }
        return Dictionary(uniqueKeysWithValues: figures.map { ($0.title, ($0.png, $0.fromCache)) })
    }

    @Test func densityFiguresAreReusedUntilTheirCheckpointsChange() throws {
        let root = ExperimentFixtures.scratchFolder("figure-cache")
        for kind in [ModelKind.maf, .lgfMAF] {
            var configuration = ExperimentFixtures.tinyConfiguration(kind: kind, epochs: 2)
            configuration.training.snapshotEpochs = 2
            let folder = RunFolder(path: (root as NSString).appendingPathComponent(kind.rawValue))
            try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder).train()
        }
        let first = try Self.densityFigures(of: root)
        #expect(first.count == 3 && first.values.allSatisfy { !$0.cached })   // panels side by side, and a strip per model

        let second = try Self.densityFigures(of: root)
        #expect(second.count == 3 && second.values.allSatisfy(\.cached))
        for (title, figure) in first { #expect(second[title]?.png == figure.png, "\(title)") }

        // The LGF-MAF's best checkpoint changes (same bytes, a later time, as a further epoch's would): the panels
        // that show it are drawn again; the MAF's strip, which does not, still comes from the cache.
        let best = RunFolder(path: (root as NSString).appendingPathComponent("lgf-maf")).bestCheckpointPath
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: best)
        let third = try Self.densityFigures(of: root)
        let redrawn = Set(third.filter { !$0.value.cached }.map(\.key))
        #expect(redrawn == Set(third.keys.filter { $0.hasPrefix("Learned densities") }), "\(third.mapValues(\.cached))")
        #expect(third.keys.contains { $0.hasPrefix("maf,") } && third.filter { $0.key.hasPrefix("maf,") }.allSatisfy(\.value.cached))
    }

    @Test func aDamagedCachedFigureIsDrawnAgain() throws {
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("figure-cache-damaged"))
        var draws = 0
        let draw = { () -> [UInt8] in draws += 1; return [1, 2, 3] }
        #expect(try CachedFigure.png(in: folder, name: "f", key: "k", draw: draw) == ([1, 2, 3], false))
        #expect(try CachedFigure.png(in: folder, name: "f", key: "k", draw: draw) == ([1, 2, 3], true))
        #expect(try CachedFigure.png(in: folder, name: "f", key: "other", draw: draw).cached == false)
        try Data().write(to: URL(fileURLWithPath: folder.path + "/evaluations/f.png"))
        #expect(try CachedFigure.png(in: folder, name: "f", key: "other", draw: draw).cached == false)
        #expect(draws == 3)
    }
}
