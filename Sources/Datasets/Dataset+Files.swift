import Foundation

extension Dataset {
    /// A dataset from the user's own files (`.csv`, `.tsv`, `.txt` read by `CSVReader`; `.npy` by
    /// `NPYReader`; either gzip-compressed), used as they are: no standardisation, no shuffling (the
    /// `lgf` tool prepares user files with `UserData` in `Experiments` instead).
    ///
    /// A missing validation file (and a missing test file) is carved from the end of `train` by
    /// `SplitRule.maf`: with neither, test = the last 10 % of train and validation the last 10 % of
    /// the rest; with one, the other is the last 10 % of train.
    /// - Parameter name: defaults to the train file's name without its extension.
    /// - Throws: reader errors; `DatasetError.unsupportedFileExtension`; `.columnCountMismatch` naming
    ///   both files and counts; `.tooFewRows` when carving would leave a split empty.
    public static func fromFiles(train trainPath: String, validation validationPath: String? = nil,
                                 test testPath: String? = nil, name: String? = nil) throws -> Dataset {
        let train = try readTable(at: trainPath)
        let others = try [validationPath, testPath].map { path in
            try path.map { path -> DataTable in
                let table = try readTable(at: path)
                guard table.columnCount == train.columnCount else {
                    throw DatasetError.columnCountMismatch(firstPath: trainPath, firstColumns: train.columnCount,
                                                           secondPath: path, secondColumns: table.columnCount)
                }
                return table
            }
        }
        let splits = try SplitRule.maf.completing(train: train, validation: others[0], test: others[1], source: trainPath)
        let baseName = URL(fileURLWithPath: trainPath).deletingPathExtension().lastPathComponent
        return Dataset(name: name ?? baseName, splits: splits)
    }

    /// The table in the file at `path`, read by the format its extension names; every value must lie in
    /// `Float`'s range, in which models train (text files are checked as they are parsed).
    static func readTable(at path: String) throws -> DataTable {
        try TableFile.read(path: path)
    }
}

extension DataTable {
    /// The table itself if every value fits a `Float`. - Throws: `DatasetError.outOfFloatRangeEntry`.
    public func requiringFloatRange(source: String) throws -> DataTable {
        if let index = values.firstIndex(where: { abs($0) > Double(Float.greatestFiniteMagnitude) }) {
            throw DatasetError.outOfFloatRangeEntry(path: source, row: index / columnCount + 1, column: index % columnCount + 1, value: values[index])
        }
        return self
    }
}
