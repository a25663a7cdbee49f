/// HEPMASS as the MAF code prepares it (`maf/datasets/hepmass.py`, Papamakarios et al. 2017).
enum HepmassPreprocessing {
    /// A feature whose minimum value occurs more often than this is treated as discrete and dropped.
    static let maximumMinimumCount = 5

    /// Filters, standardises, drops discrete features and carves validation:
    ///
    /// 1. Keep the rows of `train` and `test` whose first column (the label) is 1; drop that column,
    ///    and also the last column of `test` (MAF: "Because the data set is messed up!").
    /// 2. Standardise both by the train mean and std (ddof 1, pandas' default).
    /// 3. Drop every feature whose minimum value occurs more than 5 times in the standardised train data.
    /// 4. Validation = the last `Int(0.1 * N)` train rows; test stays the test file's rows.
    ///
    /// - Throws: `DatasetError.columnCountMismatch` if the two files disagree after step 1;
    ///   `.tooFewRows`; `.constantColumn`.
    static func splits(train rawTrain: DataTable, test rawTest: DataTable,
                       trainSource: String, testSource: String) throws -> DataSplits {
        guard rawTrain.columnCount >= 2, rawTest.columnCount >= 3 else {
            let (source, table, needed) = rawTrain.columnCount < 2 ? (trainSource, rawTrain, 2) : (testSource, rawTest, 3)
            throw DatasetError.wrongDimension(source: source, expected: needed, found: table.columnCount)
        }
        let train = signalRows(of: rawTrain).removingColumns([0])
        let test = signalRows(of: rawTest).removingColumns([0, rawTest.columnCount - 1])
        guard train.rowCount > 1, test.rowCount > 0 else {
            let (source, rows) = train.rowCount > 1 ? (testSource, test.rowCount) : (trainSource, train.rowCount)
            throw DatasetError.tooFewRows(source: source + " (label-1 rows)", rowCount: rows, minimum: train.rowCount > 1 ? 1 : 2)
        }
        guard train.columnCount == test.columnCount else {
            throw DatasetError.columnCountMismatch(firstPath: trainSource, firstColumns: train.columnCount,
                                                   secondPath: testSource, secondColumns: test.columnCount)
        }
        let (mean, std) = try train.standardisationParameters(deltaDegreesOfFreedom: 1, source: trainSource)
        let standardisedTrain = train.standardised(mean: mean, std: std)
        let kept = (0 ..< train.columnCount).filter { column in
            minimumCount(of: standardisedTrain.column(column)) <= maximumMinimumCount
        }
        return try SplitRule.maf.completing(train: standardisedTrain.selectingColumns(kept), validation: nil,
                                            test: test.standardised(mean: mean, std: std).selectingColumns(kept),
                                            source: trainSource)
    }

    /// The rows whose first column is exactly 1 (signal events).
    private static func signalRows(of table: DataTable) -> DataTable {
        let signal = (0 ..< table.rowCount).filter { table[$0, 0] == 1 }
        var values = [Double]()
        values.reserveCapacity(signal.count * table.columnCount)
        for row in signal { values.append(contentsOf: table.row(row)) }
        return DataTable(rowCount: signal.count, columnCount: table.columnCount, values: values,
                         columnNames: table.columnNames)
    }

    /// How often the smallest value occurs (MAF: `Counter(feature)`, sorted by value, first count).
    private static func minimumCount(of values: [Double]) -> Int {
        guard let minimum = values.min() else { return 0 }
        return values.reduce(0) { $0 + ($1 == minimum ? 1 : 0) }
    }
}
