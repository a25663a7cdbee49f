import Testing
@testable import Datasets

@Suite struct CSVWriterTests {
    let table = DataTable(rows: [[0.1, -2, 1e-300], [1.0 / 3, 12_345_678.9, 5]], columnNames: ["a", "b c", "d,\"e\""])

    @Test func writesAHeaderAndShortestRoundTripNumbers() {
        let text = CSVWriter.text(of: table)
        #expect(text == "a,\"b c\",\"d,\"\"e\"\"\"\n0.1,-2.0,1e-300\n0.3333333333333333,12345678.9,5.0\n")
    }

    @Test func omitsTheHeaderWhenAsked() {
        #expect(CSVWriter.text(of: table, delimiter: .semicolon, includesHeader: false)
            == "0.1;-2.0;1e-300\n0.3333333333333333;12345678.9;5.0\n")
    }

    @Test(arguments: CSVDelimiter.allCases)
    func roundTripsThroughTheReader(delimiter: CSVDelimiter) throws {
        let path = try TemporaryDirectory()
        let file = path.path + "/table.csv"
        try CSVWriter.write(table, to: file, delimiter: delimiter, includesHeader: delimiter != .whitespace)
        let back = try CSVReader.read(path: file)
        #expect(back.values == table.values)
        #expect(back.columnNames == (delimiter == .whitespace ? nil : table.columnNames))
    }

    @Test func reportsAnUnwritablePath() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/no/such/folder/table.csv"
        guard case let .unwritable(path, _)? = datasetError({ try CSVWriter.write(table, to: file) }) else {
            Issue.record("expected DatasetError.unwritable")
            return
        }
        #expect(path == file)
    }
}
