import Foundation
import Testing
@testable import Datasets

@Suite struct CSVReaderTests {
    private func read(_ text: String, header: CSVHeader = .detect) throws -> DataTable {
        try CSVReader.read(text: text, source: "data.csv", header: header)
    }

    @Test func readsCommaSeparatedValuesWithAHeader() throws {
        let table = try read("x,y,z\n1,2,3\n4.5,-6,7e-1\n")
        #expect(table.columnNames == ["x", "y", "z"])
        #expect(table.rowCount == 2 && table.columnCount == 3)
        #expect(table.values == [1, 2, 3, 4.5, -6, 0.7])
    }

    @Test func treatsANumericFirstRowAsData() throws {
        let table = try read("1,2\n3,4")
        #expect(table.columnNames == nil)
        #expect(table.values == [1, 2, 3, 4])
    }

    @Test func detectsSemicolonsAndUnquotesTheHeader() throws {
        let table = try read("\"fixed acidity\";\"pH\";\"say \"\"hi\"\"\"\n7.4;3.51;5\n")
        #expect(table.columnNames == ["fixed acidity", "pH", "say \"hi\""])
        #expect(table.values == [7.4, 3.51, 5])
    }

    @Test func detectsTabsAndKeepsSpacesInNames() throws {
        let table = try read("first name\tsecond name\n 1 \t 2\n3\t4\n")
        #expect(table.columnNames == ["first name", "second name"])
        #expect(table.values == [1, 2, 3, 4])
    }

    @Test func splitsOnRunsOfWhitespace() throws {
        let table = try read("  1   2\t\t3\n4 5 6   \n")
        #expect(table.columnCount == 3)
        #expect(table.values == [1, 2, 3, 4, 5, 6])
    }

    @Test func skipsBlankLinesAcceptsCRLFAndAByteOrderMark() throws {
        let table = try read("\u{FEFF}a,b\r\n\r\n1,2\r\n   \r\n3,4\r\n\r\n")
        #expect(table.columnNames == ["a", "b"])
        #expect(table.values == [1, 2, 3, 4])
    }

    @Test func unquotesNumbersAndTrimsBlanks() throws {
        let table = try read("\"1\", 2 ,\"3.5\"\n")
        #expect(table.values == [1, 2, 3.5])
    }

    @Test func skipsAFreeTextTitleWhenAsked() throws {
        let text = "Time (seconds), CO conc (ppm), Ethylene conc (ppm), Sensor readings (16 channels)\n0.00 1.5  2\n0.01 2.5 3\n"
        let table = try read(text, header: .detectIgnoringNames)
        #expect(table.columnNames == nil)
        #expect(table.values == [0, 1.5, 2, 0.01, 2.5, 3])
        #expect(try read("1 2\n3 4\n", header: .detectIgnoringNames).rowCount == 2)
    }

    @Test func namesTheLineAndColumnOfANonNumericCell() {
        let error = datasetError { try read("a,b,c\n1,2,3\n\n4,abc,6\n") }
        #expect(error == .malformedValue(path: "data.csv", line: 4, column: 2, text: "abc"))
        #expect(error?.description == "data.csv line 4, column 2: expected a number, found \"abc\"")
    }

    @Test func rejectsAnEmptyCell() {
        #expect(datasetError { try read("1,,3\n") } == .malformedValue(path: "data.csv", line: 1, column: 2, text: ""))
        #expect(datasetError { try read("1,2,\n") } == .malformedValue(path: "data.csv", line: 1, column: 3, text: ""))
    }

    @Test func rejectsTextInTheFirstRowWithoutAHeader() {
        #expect(datasetError { try read("a,1\n2,3\n", header: .absent) }
            == .malformedValue(path: "data.csv", line: 1, column: 1, text: "a"))
    }

    @Test func rejectsRaggedRows() {
        #expect(datasetError { try read("1,2,3\n4,5\n") }
            == .raggedRow(path: "data.csv", line: 2, expectedColumns: 3, foundColumns: 2))
        #expect(datasetError { try read("a,b\n1,2,3\n") }
            == .raggedRow(path: "data.csv", line: 2, expectedColumns: 2, foundColumns: 3))
    }

    @Test(arguments: ["nan", "NaN", "inf", "-Infinity", "1e999"])
    func rejectsNonFiniteValues(text: String) {
        #expect(datasetError { try read("x,y\n1,2\n3,\(text)\n") }
            == .nonFiniteValue(path: "data.csv", line: 3, column: 2, text: text))
    }

    @Test func rejectsFilesWithoutDataRows() {
        #expect(datasetError { try read("") } == .empty(path: "data.csv"))
        #expect(datasetError { try read("\n  \n") } == .empty(path: "data.csv"))
        #expect(datasetError { try read("a,b\n") } == .empty(path: "data.csv"))
    }

    @Test func reportsMissingFilesAndDirectories() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/missing.csv"
        #expect(datasetError { try CSVReader.read(path: missing) } == .fileNotFound(path: missing, requirement: nil))
        #expect(datasetError { try CSVReader.read(path: directory.path) } == .unreadable(path: directory.path, reason: "it is a directory, expected a file"))
    }

    @Test func readsManyRowsExactly() throws {
        let rowCount = 20_000
        var text = "a,b,c\n"
        for row in 0 ..< rowCount { text += "\(Double(row) * 0.1),\(-Double(row) / 3),\(row)\n" }
        let table = try read(text)
        #expect(table.rowCount == rowCount)
        #expect(table[rowCount - 1, 0] == Double(rowCount - 1) * 0.1)
        #expect(table[rowCount - 1, 1] == -Double(rowCount - 1) / 3)
        #expect(table.column(2).reduce(0, +) == Double(rowCount * (rowCount - 1) / 2))
    }

    /// The header and first 200 rows of the UCI red wine quality file, byte for byte (semicolons, quoted names).
    @Test func readsTheRedWineQualityFile() throws {
        let table = try CSVReader.read(path: Fixtures.path("tables/winequality-red-first200.csv"))
        #expect(table.rowCount == 200 && table.columnCount == 12)
        #expect(table.columnNames?.first == "fixed acidity" && table.columnNames?.last == "quality")
        #expect(Array(table.row(0)) == [7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4, 5])
    }

    @Test func readsTheOldFaithfulFile() throws {
        let table = try CSVReader.read(path: Fixtures.path("tables/faithful.csv"))
        #expect(table.rowCount == 272 && table.columnCount == 2)
        #expect(table.columnNames == ["eruptions", "waiting"])
        #expect(Array(table.row(0)) == [3.6, 79])
        #expect(Array(table.row(1)) == [1.8, 54])
    }
}
