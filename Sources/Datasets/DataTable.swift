/// A dense, row-major matrix of `Double`: the in-memory form of every dataset split.
///
/// Entry (i, j) lives at `values[i * columnCount + j]`, so one row is a contiguous slice and a table
/// hands its storage to a tensor without copying element by element. `columnNames` is kept when a
/// file has a header and is carried through column selection and stacking.
public struct DataTable: Equatable, Sendable {
    /// The number of rows (examples).
    public let rowCount: Int
    /// The number of columns (features).
    public let columnCount: Int
    /// All entries, row after row; `values.count == rowCount * columnCount`.
    public internal(set) var values: [Double]
    /// One name per column when the source file had a header, else `nil`.
    public var columnNames: [String]? {
        didSet {
            precondition(columnNames.map { $0.count == columnCount } ?? true,
                         "DataTable has \(columnCount) columns but \(columnNames?.count ?? 0) column names")
        }
    }

    /// Wraps row-major `values` as a `rowCount × columnCount` table.
    ///
    /// - Precondition: `values.count == rowCount * columnCount`, and `columnNames` (if given) has
    ///   `columnCount` entries.
    public init(rowCount: Int, columnCount: Int, values: [Double], columnNames: [String]? = nil) {
        precondition(rowCount >= 0 && columnCount >= 0, "DataTable needs non-negative dimensions")
        precondition(values.count == rowCount * columnCount,
                     "DataTable of \(rowCount) × \(columnCount) needs \(rowCount * columnCount) values, got \(values.count)")
        precondition(columnNames.map { $0.count == columnCount } ?? true,
                     "DataTable has \(columnCount) columns but \(columnNames?.count ?? 0) column names")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
        self.columnNames = columnNames
    }

    /// Builds a table from an array of equally long rows (convenient in tests and small examples).
    ///
    /// - Parameter rows: `[rowCount][columnCount]`; every row must have the same length.
    public init(rows: [[Double]], columnNames: [String]? = nil) {
        let columnCount = rows.first?.count ?? columnNames?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columnCount }, "DataTable rows must all have \(columnCount) entries")
        self.init(rowCount: rows.count, columnCount: columnCount, values: rows.flatMap { $0 }, columnNames: columnNames)
    }

    /// The entry in row `row` and column `column` (both 0-based).
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(column >= 0 && column < columnCount, "column \(column) out of 0..<\(columnCount)")
            return values[row * columnCount + column]
        }
        set {
            precondition(column >= 0 && column < columnCount, "column \(column) out of 0..<\(columnCount)")
            values[row * columnCount + column] = newValue
        }
    }

    /// Row `index` (0-based) as a contiguous slice of `values`, `[columnCount]`.
    public func row(_ index: Int) -> ArraySlice<Double> {
        precondition(index >= 0 && index < rowCount, "row \(index) out of 0..<\(rowCount)")
        return values[index * columnCount ..< (index + 1) * columnCount]
    }

    /// Column `index` (0-based) copied out, `[rowCount]`.
    public func column(_ index: Int) -> [Double] {
        precondition(index >= 0 && index < columnCount, "column \(index) out of 0..<\(columnCount)")
        return (0 ..< rowCount).map { values[$0 * columnCount + index] }
    }

    /// The rows whose indices lie in `range`, as a new table with the same column names.
    public func rows(in range: Range<Int>) -> DataTable {
        precondition(range.lowerBound >= 0 && range.upperBound <= rowCount, "rows \(range) out of 0..<\(rowCount)")
        let slice = values[range.lowerBound * columnCount ..< range.upperBound * columnCount]
        return DataTable(rowCount: range.count, columnCount: columnCount, values: Array(slice), columnNames: columnNames)
    }

    /// The given columns, in the given order (repeats allowed), as a new table.
    public func selectingColumns(_ indices: [Int]) -> DataTable {
        precondition(indices.allSatisfy { $0 >= 0 && $0 < columnCount }, "column indices \(indices) out of 0..<\(columnCount)")
        var selected = [Double]()
        selected.reserveCapacity(rowCount * indices.count)
        values.withUnsafeBufferPointer { source in
            for row in 0 ..< rowCount {
                let base = row * columnCount
                for column in indices { selected.append(source[base + column]) }
            }
        }
        return DataTable(rowCount: rowCount, columnCount: indices.count, values: selected,
                         columnNames: columnNames.map { names in indices.map { names[$0] } })
    }

    /// Every column except the given ones (order of `indices` is irrelevant), as a new table.
    ///
    /// Removing {1, 3} equals NumPy's `np.delete(np.delete(x, 3, 1), 1, 1)`.
    public func removingColumns(_ indices: Set<Int>) -> DataTable {
        selectingColumns((0 ..< columnCount).filter { !indices.contains($0) })
    }

    /// The rows of `tables` one after another (NumPy's `vstack`); column names come from the first table.
    ///
    /// - Precondition: `tables` is not empty and every table has the same `columnCount`.
    public static func vstack(_ tables: [DataTable]) -> DataTable {
        guard let first = tables.first else { preconditionFailure("vstack needs at least one table") }
        precondition(tables.allSatisfy { $0.columnCount == first.columnCount }, "vstack needs equal column counts")
        var stacked = [Double]()
        stacked.reserveCapacity(tables.reduce(0) { $0 + $1.values.count })
        for table in tables { stacked.append(contentsOf: table.values) }
        return DataTable(rowCount: tables.reduce(0) { $0 + $1.rowCount }, columnCount: first.columnCount,
                         values: stacked, columnNames: first.columnNames)
    }
}
