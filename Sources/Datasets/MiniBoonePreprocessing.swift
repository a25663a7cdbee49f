/// MINIBOONE as the MAF code prepares it (`maf/datasets/miniboone.py`, Papamakarios et al. 2017).
enum MiniBoonePreprocessing {
    /// Splits `data` (the archive's `miniboone/data.npy`) by `SplitRule.maf`, then standardises all
    /// three splits by the mean and standard deviation (ddof 0) of train and validation together.
    static func splits(from data: DataTable, source: String) throws -> DataSplits {
        try SplitRule.maf.split(data, source: source).standardisedByTrainAndValidation(source: source)
    }
}
