import Testing
@testable import Datasets

@Suite struct SplitRuleTests {
    /// The published sizes (Papamakarios et al. 2017, §4) from the raw row counts, by MAF's `int(0.1 * N)` twice;
    /// the small cases were checked with Python's `int(0.1 * N)`.
    @Test(arguments: [
        (36_488, SplitSizes(train: 29_556, validation: 3_284, test: 3_648)),
        (2_049_280, SplitSizes(train: 1_659_917, validation: 184_435, test: 204_928)),
        (1_052_065, SplitSizes(train: 852_174, validation: 94_685, test: 105_206)),
        (10, SplitSizes(train: 9, validation: 0, test: 1)),
        (11, SplitSizes(train: 9, validation: 1, test: 1)),
        (20, SplitSizes(train: 17, validation: 1, test: 2)),
    ])
    func reproducesMAFsArithmetic(rowCount: Int, expected: SplitSizes) {
        #expect(SplitRule.maf.sizes(rowCount: rowCount) == expected)
    }

    @Test func describesSizesWithThousandsSeparators() {
        #expect(SplitSizes(train: 1_659_917, validation: 184_435, test: 204_928).description == "1,659,917 / 184,435 / 204,928")
        #expect(SplitSizes(train: 0, validation: 12, test: 999).description == "0 / 12 / 999")
    }

    private func table(rows: Int) -> DataTable {
        DataTable(rowCount: rows, columnCount: 2, values: (0 ..< 2 * rows).map(Double.init))
    }

    @Test func cutsFromTheEndInFileOrder() throws {
        let splits = try SplitRule.maf.split(table(rows: 25), source: "t")
        #expect(splits.sizes == SplitSizes(train: 21, validation: 2, test: 2))
        #expect(splits.train.column(0).first == 0 && splits.train.column(0).last == 40)
        #expect(splits.validation.column(0) == [42, 44])
        #expect(splits.test.column(0) == [46, 48])
    }

    @Test func refusesToLeaveASplitEmpty() {
        #expect(datasetError { try SplitRule.maf.split(table(rows: 10), source: "t") } == .tooFewRows(source: "t", rowCount: 10, minimum: 11))
    }

    @Test func carvesBothSplitsWhenNeitherIsGiven() throws {
        let splits = try SplitRule.maf.completing(train: table(rows: 30), validation: nil, test: nil, source: "t")
        #expect(splits == (try SplitRule.maf.split(table(rows: 30), source: "t")))
    }

    @Test func carvesOnlyTheMissingSplit() throws {
        let given = table(rows: 4)
        let withTest = try SplitRule.maf.completing(train: table(rows: 30), validation: nil, test: given, source: "t")
        #expect(withTest.sizes == SplitSizes(train: 27, validation: 3, test: 4))
        #expect(withTest.validation.column(0) == [54, 56, 58])
        #expect(withTest.test == given)
        let withValidation = try SplitRule.maf.completing(train: table(rows: 30), validation: given, test: nil, source: "t")
        #expect(withValidation.sizes == SplitSizes(train: 27, validation: 4, test: 3))
        #expect(withValidation.test.column(0) == [54, 56, 58])
        let complete = try SplitRule.maf.completing(train: table(rows: 3), validation: given, test: given, source: "t")
        #expect(complete.sizes == SplitSizes(train: 3, validation: 4, test: 4))
    }

    @Test func refusesTooFewRowsOrMismatchedColumnsWhenCompleting() {
        #expect(datasetError { try SplitRule.maf.completing(train: table(rows: 9), validation: nil, test: table(rows: 2), source: "t") }
            == .tooFewRows(source: "t", rowCount: 9, minimum: 10))
        let wide = DataTable(rows: [[1, 2, 3]])
        #expect(datasetError { try SplitRule.maf.completing(train: table(rows: 30), validation: wide, test: nil, source: "t") }
            == .wrongDimension(source: "t validation split", expected: 2, found: 3))
    }
}
