/// GAS as the MAF code prepares it (`maf/datasets/gas.py`, Papamakarios et al. 2017).
enum GasPreprocessing {
    /// The columns of `ethylene_CO.txt`: time, CO ("Meth" in MAF's pickle), ethylene, 16 sensors.
    static let rawColumnCount = 19
    /// Columns correlated above this are redundant.
    static let correlationThreshold = 0.98

    /// Drops time and both concentrations, then redundant sensors, standardises and splits:
    ///
    /// 1. Keep the 16 sensor columns.
    /// 2. While some column i has B[i] > 1, where B[i] counts the columns j (i itself included) with
    ///    Pearson correlation C[i, j] > 0.98, drop the first such column. (A pair's correlation does not
    ///    depend on the other columns, so C is computed once; MAF recomputes it with the same result.)
    /// 3. Standardise by the whole set's mean and std (ddof 1, pandas' default).
    /// 4. Split by `SplitRule.maf`.
    ///
    /// - Throws: `DatasetError.wrongDimension` unless `data` has 19 columns; `.constantColumn`; split errors.
    static func splits(from data: DataTable, source: String) throws -> DataSplits {
        guard data.columnCount == rawColumnCount else {
            throw DatasetError.wrongDimension(source: source, expected: rawColumnCount, found: data.columnCount)
        }
        let sensors = data.removingColumns([0, 1, 2])
        let kept = keptColumns(correlations: sensors.columnCorrelations())
        let cleaned = sensors.selectingColumns(kept)
        let (mean, std) = try cleaned.standardisationParameters(deltaDegreesOfFreedom: 1, source: source)
        return try SplitRule.maf.split(cleaned.standardised(mean: mean, std: std), source: source)
    }

    /// The indices of the columns that survive MAF's greedy removal of highly correlated columns.
    static func keptColumns(correlations: [[Double]]) -> [Int] {
        var kept = Array(correlations.indices)
        while let redundant = kept.firstIndex(where: { i in
            kept.filter { j in correlations[i][j] > correlationThreshold }.count > 1
        }) {
            kept.remove(at: redundant)
        }
        return kept
    }
}
