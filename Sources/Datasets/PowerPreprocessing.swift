/// POWER as the MAF code prepares it (`maf/datasets/power.py`, Papamakarios et al. 2017).
enum PowerPreprocessing {
    /// The columns of the archive's `power/data.npy`.
    static let rawColumnCount = 8

    /// Shuffles, drops columns, adds noise, splits and standardises, bit for bit as MAF with NumPy:
    ///
    /// 1. `rng = RandomState(42)`; `rng.shuffle(data)` (rows).
    /// 2. Delete column 3, then column 1 (6 columns remain: active power, voltage, three sub-meterings, time).
    /// 3. Draw, in this order, `0.01·rng.rand(N, 1)` (voltage), `0.001·rng.rand(N, 1)` (active power),
    ///    `rng.rand(N, 3)` (sub-meterings); time gets no noise. Add them to their columns.
    /// 4. Split by `SplitRule.maf`; standardise by the mean and std (ddof 0) of train and validation.
    ///
    /// - Throws: `DatasetError.wrongDimension` unless `data` has 8 columns; errors of `SplitRule.split`.
    static func splits(from data: DataTable, source: String) throws -> DataSplits {
        guard data.columnCount == rawColumnCount else {
            throw DatasetError.wrongDimension(source: source, expected: rawColumnCount, found: data.columnCount)
        }
        var generator = MersenneTwister(seed: 42)
        var shuffled = data
        generator.shuffleRows(of: &shuffled)
        var noisy = shuffled.removingColumns([1, 3])
        let rowCount = noisy.rowCount
        let voltageNoise = (0 ..< rowCount).map { _ in 0.01 * generator.nextUnitDouble() }
        let activePowerNoise = (0 ..< rowCount).map { _ in 0.001 * generator.nextUnitDouble() }
        for row in 0 ..< rowCount {
            noisy[row, 0] += activePowerNoise[row]
            noisy[row, 1] += voltageNoise[row]
            for column in 2 ..< 5 { noisy[row, column] += generator.nextUnitDouble() }
        }
        return try SplitRule.maf.split(noisy, source: source).standardisedByTrainAndValidation(source: source)
    }
}
