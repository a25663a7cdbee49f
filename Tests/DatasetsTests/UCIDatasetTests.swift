import Testing
@testable import Datasets

@Suite struct UCIDatasetTests {
    @Test func knowsThePublishedShapes() {
        #expect(UCIDataset.allCases.map(\.dimension) == [6, 8, 21, 43])
        #expect(UCIDataset.miniboone.canonicalSizes == SplitSizes(train: 29_556, validation: 3_284, test: 3_648))
        #expect(UCIDataset.hepmass.canonicalSizes == SplitSizes(train: 315_123, validation: 35_013, test: 174_987))
        #expect(UCIDataset.gas.acceptedSizes == [SplitSizes(train: 852_174, validation: 94_685, test: 105_206),
                                                 SplitSizes(train: 3_408_692, validation: 378_743, test: 420_826)])
        #expect(UCIDataset.hepmass.requiredFiles.map(\.path) == ["hepmass/1000_train.csv", "hepmass/1000_test.csv"])
    }

    @Test func namesTheFullPathOfAMissingFile() throws {
        let directory = try TemporaryDirectory()
        let error = datasetError { try UCIDataset.miniboone.load(from: DataDirectory(path: directory.path)) }
        guard case let .fileNotFound(path, requirement)? = error else { Issue.record("expected fileNotFound"); return }
        #expect(path == directory.path + "/miniboone/data.npy")
        #expect(requirement?.contains("MINIBOONE needs the MAF archive's MINIBOONE array") == true)
        #expect(error?.description.contains("LGF_DATA_DIR") == true)
    }

    @Test func namesTheMissingSecondHEPMASSFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write("# label,f0\n1,2\n", to: "hepmass/1000_train.csv")
        guard case let .fileNotFound(path, _)? = datasetError({ try UCIDataset.hepmass.load(from: DataDirectory(path: directory.path)) }) else {
            Issue.record("expected fileNotFound")
            return
        }
        #expect(path == directory.path + "/hepmass/1000_test.csv")
    }

    @Test func canonicalCheckRejectsFilesOfTheWrongSize() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write(NPYWriter.data(of: MiniBoonePreprocessingTests.rawTable()), to: "miniboone/data.npy")
        let error = datasetError { try UCIDataset.miniboone.load(from: DataDirectory(path: directory.path)) }
        #expect(error == .unexpectedSplitSizes(dataset: "MINIBOONE", source: file, expected: UCIDataset.miniboone.canonicalSizes,
                                               found: SplitSizes(train: 31, validation: 3, test: 3)))
        #expect(error?.description == "MINIBOONE from \(file): expected train/validation/test sizes 29,556 / 3,284 / 3,648, "
            + "found 31 / 3 / 3; the file is incomplete or not the canonical one")
    }

    @Test func passesReaderErrorsThrough() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("not an npy file", to: "power/data.npy")
        guard case let .unsupportedNPYLayout(path, _)? = datasetError({ try UCIDataset.power.load(from: DataDirectory(path: directory.path)) }) else {
            Issue.record("expected unsupportedNPYLayout")
            return
        }
        #expect(path == file)
    }
}
