import Testing
@testable import Datasets

@Suite struct DatasetErrorTests {
    @Test(arguments: [
        (DatasetError.fileNotFound(path: "d/x.npy", requirement: nil), "file not found: d/x.npy"),
        (.fileNotFound(path: "d/x.npy", requirement: "POWER needs it"), "file not found: d/x.npy (POWER needs it)"),
        (.unreadable(path: "d", reason: "it is a directory"), "d cannot be read: it is a directory"),
        (.unwritable(path: "o.csv", reason: "no space"), "o.csv cannot be written: no space"),
        (.malformedValue(path: "data.csv", line: 17, column: 3, text: "abc"),
         "data.csv line 17, column 3: expected a number, found \"abc\""),
        (.malformedValue(path: "a.csv", line: 2, column: 1, text: "say \"x\""),
         "a.csv line 2, column 1: expected a number, found \"say \\\"x\\\"\""),
        (.raggedRow(path: "a.csv", line: 5, expectedColumns: 3, foundColumns: 2), "a.csv line 5: expected 3 columns, found 2"),
        (.nonFiniteValue(path: "a.csv", line: 4, column: 2, text: "nan"), "a.csv line 4, column 2: expected a finite number, found \"nan\""),
        (.empty(path: "a.csv"), "a.csv holds no data rows"),
        (.unsupportedNPYDType(path: "x.npy", dtype: ">f8"),
         "x.npy: unsupported NumPy dtype \">f8\"; expected one of <f4, <f8, <i4, <i8, |u1"),
        (.unsupportedNPYLayout(path: "x.npy", reason: "Fortran order"), "x.npy: unsupported .npy layout: Fortran order"),
        (.truncatedNPY(path: "x.npy", expectedBytes: 160, actualBytes: 150),
         "x.npy is truncated: its .npy header promises 160 bytes, but the file holds 150"),
        (.unsupportedFileExtension(path: "t.json"), "t.json: expected a .csv, .tsv, .txt, .dat or .npy file"),
        (.tooFewRows(source: "t.csv", rowCount: 5, minimum: 11), "t.csv has 5 rows, but at least 11 are needed"),
        (.wrongDimension(source: "data.npy", expected: 8, found: 7), "data.npy: expected 8 columns, found 7"),
        // A count of one reads in the singular ("1 rows" before).
        (.tooFewRows(source: "v.csv", rowCount: 1, minimum: 11), "v.csv has 1 row, but at least 11 are needed"),
        (.raggedRow(path: "a.csv", line: 3, expectedColumns: 1, foundColumns: 2), "a.csv line 3: expected 1 column, found 2"),
        (.truncatedNPY(path: "x.npy", expectedBytes: 1, actualBytes: 0), "x.npy is truncated: its .npy header promises 1 byte, but the file holds 0"),
        (.columnCountMismatch(firstPath: "t.csv", firstColumns: 1, secondPath: "v.csv", secondColumns: 2),
         "t.csv has 1 column but v.csv has 2; all files of a dataset need the same columns"),
        (.constantColumn(source: "train.csv", column: 4), "train.csv column 4 is constant, so it cannot be standardised"),
    ])
    func describesWhatWhereAndWhat(error: DatasetError, description: String) {
        #expect(error.description == description)
    }

    @Test func comparesByEveryField() {
        #expect(DatasetError.raggedRow(path: "a", line: 1, expectedColumns: 2, foundColumns: 3)
            != .raggedRow(path: "a", line: 1, expectedColumns: 2, foundColumns: 4))
        #expect(DatasetError.empty(path: "a") == .empty(path: "a"))
    }
}
