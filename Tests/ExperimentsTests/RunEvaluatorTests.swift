import Foundation
import Testing
import Tensors
import Flows
import Datasets
import Configurations
import Runs
import Training

struct RunEvaluatorTests {
    static func trainedRun(_ kind: ModelKind) throws -> RunFolder {
        let configuration = ExperimentFixtures.tinyConfiguration(kind: kind, epochs: 1)
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("eval-\(kind.rawValue)"))
        try Trainer(configuration: configuration, dataset: try configuration.data.load(seed: 1), run: folder).train()
        return folder
    }

    @Test func reportsTheTestLikelihoodBesideTheOptimum() throws {
        let loaded = try LoadedRun(folder: try Self.trainedRun(.lgfMAF))
        let report = try RunEvaluator.evaluate(loaded, importanceSamples: 20)
        #expect(report.points == 5000 && report.importanceSamples == 20 && !report.exact)
        #expect(abs(try #require(report.optimum) + Foundation.log(4)) < 1e-12)
        #expect(abs(try #require(report.gapToOptimum) - (report.optimum! - report.logLikelihood)) < 1e-12)
        #expect(abs(report.bitsPerDimension + report.logLikelihood / (2 * Foundation.log(2))) < 1e-12)
        #expect(report.standardError > 0 && report.estimatorStandardError > 0)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"logLikelihood\"") && json.contains("\"optimum\""))
    }

    @Test func aFileOfTheWrongDimensionIsAClearError() throws {
        let loaded = try LoadedRun(folder: try Self.trainedRun(.maf))
        let path = (ExperimentFixtures.scratchFolder("wrong-dim") as NSString).appendingPathComponent("points.csv")
        try "a,b,c\n1,2,3\n4,5,6\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ExperimentError.dimensionMismatch(source: path, expected: 2, actual: 3)) {
            try RunEvaluator.evaluate(loaded, file: path)
        }
        let good = (ExperimentFixtures.scratchFolder("right-dim") as NSString).appendingPathComponent("points.csv")
        try "x,y\n1.5,0.2\n-1.5,0.3\n".write(toFile: good, atomically: true, encoding: .utf8)
        let report = try RunEvaluator.evaluate(loaded, file: good)
        #expect(report.points == 2 && report.optimum == nil && report.exact)
        #expect(String(decoding: try JSONEncoder().encode(report), as: UTF8.self).contains("\"optimum\":null"))
    }

    @Test func aFolderWithoutARunIsAClearError() {
        let folder = RunFolder(path: ExperimentFixtures.scratchFolder("empty"))
        #expect(throws: ExperimentError.notARun(path: folder.path, missing: "configuration.json")) { try LoadedRun(folder: folder) }
    }
}
