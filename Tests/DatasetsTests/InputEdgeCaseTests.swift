import Foundation
import Testing
@testable import Datasets
import SeededRandom

/// The input cases fault injection found: a stray token in the first row, values beyond float32, binary
/// files, and every split of a user's files checked at load time.
struct InputEdgeCaseTests {
    @Test(arguments: ["1e", "TRUE", "null", "0x1p3", "１２", "1.2.3", "-"])
    func aBadTokenInTheFirstRowIsAnErrorNotAHeader(token: String) {
        #expect(throws: DatasetError.malformedValue(path: "t.csv", line: 1, column: 2, text: token)) {
            try CSVReader.read(text: "1.5,\(token)\n2,3\n4,5\n", source: "t.csv")
        }
    }

    @Test func aRowOfNamesIsStillAHeader() throws {
        for header in ["x,y", "# label,f0", "_a,Größe", "\"x 1\",\"y 2\""] {
            let table = try CSVReader.read(text: "\(header)\n1,2\n3,4\n")
            #expect(table.rowCount == 2 && table.columnNames?.count == 2)
        }
    }

    /// pandas' `to_csv` writes the row index first under an empty name (`,a,b`): that header was reported as "line 1,
    /// column 1: expected a number, found \"\"". It is named as a header with an unnamed column, with the likely cause.
    @Test(arguments: [(",a,b\n0,1,2\n1,3,4\n", 1), ("a,,b\n1,2,3\n", 2), ("a,b,\n1,2,\n", 3), ("\n\n;x;y\n0;1;2\n", 1)])
    func aHeaderWithAnUnnamedColumnIsNamed(text: String, column: Int) throws {
        let line = text.hasPrefix("\n") ? 3 : 1
        #expect(throws: DatasetError.unnamedColumn(path: "index.csv", line: line, column: column)) { try CSVReader.read(text: text, source: "index.csv") }
        #expect(DatasetError.unnamedColumn(path: "index.csv", line: 1, column: 1).description.contains("index=False"))
        // Data rows with a missing value, and the other header modes, are unchanged.
        #expect(throws: DatasetError.malformedValue(path: "gap.csv", line: 1, column: 2, text: "")) { try CSVReader.read(text: "1,,2\n", source: "gap.csv") }
        #expect(try CSVReader.read(text: ",a,b\n0,1,2\n", header: .detectIgnoringNames).values == [0, 1, 2])
    }

    @Test func valuesBeyondFloat32AreErrorsNamingLineAndColumn() throws {
        #expect(throws: DatasetError.outOfFloatRange(path: "big.csv", line: 3, column: 2, text: "1e39")) {
            try CSVReader.read(text: "x,y\n1,2\n3,1e39\n", source: "big.csv")
        }
        #expect(throws: DatasetError.outOfFloatRange(path: "big.csv", line: 1, column: 1, text: "-3.5e38")) {
            try CSVReader.read(text: "-3.5e38,2\n", source: "big.csv")
        }
        #expect(try CSVReader.read(text: "3.4e38,1e-50\n").values == [3.4e38, 1e-50])
    }

    @Test func npyValuesBeyondFloat32AreErrorsNamingRowAndColumn() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/big.npy"
        try NPYWriter.write(DataTable(rows: [[1, 2], [3, -1e39]]), to: path, precision: .float64)
        #expect(throws: DatasetError.outOfFloatRangeEntry(path: path, row: 2, column: 2, value: -1e39)) {
            try Dataset.fromFiles(train: path)
        }
    }

    @Test func aBinaryFileGetsAShortMessageNotAnEcho() throws {
        var generator = SplitMix64(seed: 9)
        let bytes = (0..<4000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let directory = try TemporaryDirectory()
        let path = try directory.write(Data(bytes), to: "random.csv")
        do {
            _ = try CSVReader.read(path: path)
            Issue.record("random bytes were read as a table")
        } catch let error as DatasetError {
            guard case .notText = error else { Issue.record("unexpected \(error)"); return }
            #expect(error.description.contains(path) && !error.description.contains("\n") && error.description.count < path.count + 120)
        }
        // Invalid UTF-8 without a NUL byte is refused too.
        let latin1 = try directory.write(Data([0x31, 0x2C, 0x32, 0x0A, 0x33, 0x2C, 0xE9, 0x0A]), to: "latin1.csv")
        #expect(throws: DatasetError.notText(path: latin1, offset: 6)) { try CSVReader.read(path: latin1) }
    }

    @Test func longOrControlTextIsCutAndEscapedInMessages() {
        let long = String(repeating: "x", count: 200)
        let message = DatasetError.malformedValue(path: "f.csv", line: 2, column: 1, text: long + "\u{7}").description
        #expect(message.count < 100 && message.contains("…"))
        #expect(DatasetError.malformedValue(path: "f.csv", line: 2, column: 1, text: "a\u{1B}b").description.contains("\\u{1b}"))
    }

    @Test func everySplitOfAUsersFilesIsCheckedAtLoadTime() throws {
        let directory = try TemporaryDirectory()
        // 40 rows: the last 10 % (the carved test split) holds the bad value.
        let rows = (0..<40).map { $0 == 39 ? "1,1e39" : "\($0),\($0 * 2)" }
        let path = try directory.write("x,y\n" + rows.joined(separator: "\n") + "\n", to: "carved.csv")
        #expect(throws: DatasetError.outOfFloatRange(path: path, line: 41, column: 2, text: "1e39")) { try Dataset.fromFiles(train: path) }
    }
}
