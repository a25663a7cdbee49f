import Foundation
import Testing
@testable import Datasets
import SeededRandom

@Suite struct DatasetTests {
    @Test func loadsATwoDimensionalTargetBySeed() throws {
        let dataset = try Dataset.load(name: "annulus", dataDirectory: DataDirectory(path: "unused"), seed: 5)
        #expect(dataset.name == "annulus" && dataset.dimension == 2)
        #expect(dataset.splits.sizes == SplitSizes(train: 10_000, validation: 1_000, test: 5_000))
        #expect(dataset.optimum == TwoDimensionalTarget.annulus.optimum)
        #expect(dataset.splits == (try Dataset.load(name: "annulus", dataDirectory: DataDirectory(path: "unused"), seed: 5)).splits)
        #expect(dataset.splits != (try Dataset.load(name: "annulus", dataDirectory: DataDirectory(path: "unused"), seed: 6)).splits)
    }

    @Test func loadsATwoDimensionalTargetWithAGenerator() throws {
        var generator = SplitMix64(seed: 1), twin = SplitMix64(seed: 1)
        let dataset = try Dataset.load(name: "2lines", dataDirectory: DataDirectory(path: "unused"), using: &generator)
        #expect(dataset.splits == TwoDimensionalTarget.twoLines.splits(using: &twin))
    }

    @Test func loadsAUCISetFromTheDataDirectory() throws {
        let directory = try TemporaryDirectory()
        try directory.write(NPYWriter.data(of: MiniBoonePreprocessingTests.rawTable()), to: "miniboone/data.npy")
        let dataset = try Dataset.load(name: "miniboone", dataDirectory: DataDirectory(path: directory.path), seed: 0, sizeCheck: .skipped)
        #expect(dataset.dimension == 4 && dataset.optimum == nil)
        #expect(dataset.splits == (try MiniBoonePreprocessing.splits(from: MiniBoonePreprocessingTests.rawTable(), source: "x")))
    }

    @Test func rejectsUnknownNames() {
        #expect(datasetError { try Dataset.load(name: "mnist", dataDirectory: DataDirectory(path: "."), seed: 0) }
            == .unknownDataset(name: "mnist", known: DatasetCatalog.allNames))
    }

    private func rows(_ count: Int, columns: Int = 2) -> DataTable {
        DataTable(rowCount: count, columnCount: columns, values: (0 ..< count * columns).map(Double.init))
    }

    @Test func carvesBothSplitsFromASingleUserFile() throws {
        let directory = try TemporaryDirectory()
        let train = try directory.write(CSVWriter.text(of: rows(30)), to: "mine.csv")
        let dataset = try Dataset.fromFiles(train: train)
        #expect(dataset.name == "mine")
        #expect(dataset.splits.sizes == SplitSizes(train: 25, validation: 2, test: 3))
        #expect(dataset.test.column(0) == [54, 56, 58])
    }

    @Test func mixesFormatsAndCarvesOnlyValidation() throws {
        let directory = try TemporaryDirectory()
        let train = try directory.write(NPYWriter.data(of: rows(20)), to: "train.npy")
        let test = try directory.write("a b\n1 2\n3 4\n", to: "test.txt")
        let dataset = try Dataset.fromFiles(train: train, test: test, name: "custom")
        #expect(dataset.name == "custom")
        #expect(dataset.splits.sizes == SplitSizes(train: 18, validation: 2, test: 2))
        #expect(dataset.test.values == [1, 2, 3, 4])
    }

    @Test func namesBothFilesWhenColumnCountsDiffer() throws {
        let directory = try TemporaryDirectory()
        let train = try directory.write(CSVWriter.text(of: rows(20)), to: "train.csv")
        let validation = try directory.write(CSVWriter.text(of: rows(5, columns: 3)), to: "validation.csv")
        let error = datasetError { try Dataset.fromFiles(train: train, validation: validation) }
        #expect(error == .columnCountMismatch(firstPath: train, firstColumns: 2, secondPath: validation, secondColumns: 3))
        #expect(error?.description == "\(train) has 2 columns but \(validation) has 3; all files of a dataset need the same columns")
    }

    @Test func rejectsUnknownExtensionsAndMissingFiles() throws {
        let directory = try TemporaryDirectory()
        let json = try directory.write("[]", to: "train.json")
        #expect(datasetError { try Dataset.fromFiles(train: json) } == .unsupportedFileExtension(path: json))
        let missing = directory.path + "/missing.csv"
        #expect(datasetError { try Dataset.fromFiles(train: missing) } == .fileNotFound(path: missing, requirement: nil))
    }
}
