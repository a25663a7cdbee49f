/// A dataset's three tables; all have the same columns.
public struct DataSplits: Equatable, Sendable {
    /// Rows used for fitting.
    public var train: DataTable
    /// Rows used for early stopping and model selection.
    public var validation: DataTable
    /// Rows held out for the final report.
    public var test: DataTable

    /// Groups three tables with equal column counts.
    public init(train: DataTable, validation: DataTable, test: DataTable) {
        precondition(validation.columnCount == train.columnCount && test.columnCount == train.columnCount,
                     "splits need equal column counts")
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// The number of rows in each split.
    public var sizes: SplitSizes {
        SplitSizes(train: train.rowCount, validation: validation.rowCount, test: test.rowCount)
    }
}

extension DataSplits {
    /// All three tables standardised by the same per-column `mean` and `std`, each `[columnCount]`.
    func standardised(mean: [Double], std: [Double]) -> DataSplits {
        DataSplits(train: train.standardised(mean: mean, std: std),
                   validation: validation.standardised(mean: mean, std: std),
                   test: test.standardised(mean: mean, std: std))
    }

    /// All three tables standardised by the mean and std (ddof 0) of train and validation together,
    /// MAF's `vstack((train, validate))` statistics for POWER and MINIBOONE.
    func standardisedByTrainAndValidation(source: String) throws -> DataSplits {
        let trainAndValidation = DataTable.vstack([train, validation])
        let (mean, std) = try trainAndValidation.standardisationParameters(deltaDegreesOfFreedom: 0, source: source)
        return standardised(mean: mean, std: std)
    }
}
