/// How a table of N rows is cut into train, validation and test splits.
public enum SplitRule: Sendable {
    /// The rule of the MAF code (Papamakarios et al. 2017), used for every UCI set:
    /// test = the last `Int(0.1 * N)` rows; of the rest (R rows), validation = the last
    /// `Int(0.1 * R)`; train = what remains, in file order.
    case maf

    /// The number of rows one "last 10 %" cut takes from `rowCount` rows: `Int(0.1 * rowCount)`,
    /// the same floating-point product Python's `int(0.1 * N)` truncates.
    public func heldOutCount(of rowCount: Int) -> Int {
        switch self {
        case .maf: return Int(0.1 * Double(rowCount))
        }
    }

    /// The split sizes of a table of `rowCount` rows, e.g. MINIBOONE's 36,488 → 29,556 / 3,284 / 3,648.
    public func sizes(rowCount: Int) -> SplitSizes {
        let test = heldOutCount(of: rowCount)
        let validation = heldOutCount(of: rowCount - test)
        return SplitSizes(train: rowCount - test - validation, validation: validation, test: test)
    }

    /// Cuts one table into train, validation and test by this rule.
    ///
    /// - Parameter source: names the table in errors (a file path or a dataset name).
    /// - Throws: `DatasetError.tooFewRows` when a split would be empty.
    public func split(_ table: DataTable, source: String) throws -> DataSplits {
        let sizes = sizes(rowCount: table.rowCount)
        guard sizes.train > 0, sizes.validation > 0, sizes.test > 0 else {
            throw DatasetError.tooFewRows(source: source, rowCount: table.rowCount, minimum: minimumRowsForThreeSplits)
        }
        return DataSplits(train: table.rows(in: 0 ..< sizes.train),
                          validation: table.rows(in: sizes.train ..< sizes.train + sizes.validation),
                          test: table.rows(in: sizes.train + sizes.validation ..< table.rowCount))
    }

    /// Completes a user's splits: a missing validation table (and test table) is carved from the end of
    /// `train` by this rule, just as `split` would carve them.
    ///
    /// With neither given this is `split(train)`; with one given, only the other is carved, as the last
    /// `heldOutCount(of: train.rowCount)` rows of `train`.
    /// - Throws: `DatasetError.tooFewRows` when a carved split or the remaining train split would be empty;
    ///   `.wrongDimension` when a given split's column count differs from `train`'s.
    public func completing(train: DataTable, validation: DataTable?, test: DataTable?, source: String) throws -> DataSplits {
        for (role, table) in [("validation", validation), ("test", test)] {
            if let table, table.columnCount != train.columnCount {
                throw DatasetError.wrongDimension(source: "\(source) \(role) split", expected: train.columnCount,
                                                  found: table.columnCount)
            }
        }
        switch (validation, test) {
        case let (validation?, test?):
            return DataSplits(train: train, validation: validation, test: test)
        case (nil, nil):
            return try split(train, source: source)
        case let (validation, test):
            let carvedCount = heldOutCount(of: train.rowCount)
            guard carvedCount > 0, carvedCount < train.rowCount else {
                throw DatasetError.tooFewRows(source: source, rowCount: train.rowCount, minimum: minimumRowsForOneCut)
            }
            let kept = train.rows(in: 0 ..< train.rowCount - carvedCount)
            let carved = train.rows(in: train.rowCount - carvedCount ..< train.rowCount)
            return DataSplits(train: kept, validation: validation ?? carved, test: test ?? carved)
        }
    }

    /// The fewest rows for which `split` leaves all three splits non-empty.
    private var minimumRowsForThreeSplits: Int {
        (1...).first { rowCount in
            let sizes = sizes(rowCount: rowCount)
            return sizes.train > 0 && sizes.validation > 0 && sizes.test > 0
        } ?? 0
    }

    /// The fewest rows for which one "last 10 %" cut leaves both parts non-empty.
    private var minimumRowsForOneCut: Int {
        (1...).first { heldOutCount(of: $0) > 0 && heldOutCount(of: $0) < $0 } ?? 0
    }
}
