import Foundation
import Datasets
import FileSystem
import Flows

/// A column of the user's file that a conditional density p(x | c) is given rather than models: numeric (fed to
/// the model as it is, standardised by the model's fixed first step) or categorical (one-hot encoded over the
/// categories of the training split, never standardised). Recorded in `FilePreparation.context`.
public struct ContextColumn: Sendable, Codable, Equatable {
    /// 1-based, as a text editor or `cut -f` counts.
    public var column: Int
    public var name: String
    /// The training split's distinct values, sorted, for a categorical column (its one-hot features, in this
    /// order); `nil` for a numeric column.
    public var categories: [Double]?

    public init(column: Int, name: String, categories: [Double]? = nil) {
        self.column = column
        self.name = name
        self.categories = categories
    }

    /// The features this column becomes: one for a numeric column, one per category for a categorical one.
    public var width: Int { categories?.count ?? 1 }

    /// "a (numeric)", "label (categorical: 0, 1, 2)".
    public var summary: String {
        guard let categories else { return "\(name) (numeric)" }
        return "\(name) (categorical: \(ContextColumn.categoryList(categories)))"
    }

    /// The categories for a message, the first ten and how many there are when there are more: "0, 1, 2" or
    /// "0.1, 0.2, …, 1, … 412 in all".
    public static func categoryList(_ categories: [Double]) -> String {
        MessageText.list(categories.map(format), shown: 10)
    }

    /// The features of one value of the column: the value itself, or its one-hot row.
    /// - Throws: `ContextError.nonFiniteValue` or `.unknownCategory` naming `source` and the 1-based `row`.
    func features(of value: Double, row: Int, source: String) throws -> [Double] {
        guard value.isFinite else { throw ContextError.nonFiniteValue(source: source, row: row, column: name) }
        guard let categories else { return [value] }
        guard let index = categories.firstIndex(of: value) else {
            throw ContextError.unknownCategory(source: source, row: row, column: name, value: value, known: categories)
        }
        return categories.indices.map { $0 == index ? 1 : 0 }
    }

    /// A value as `%g` prints it.
    public static func format(_ value: Double) -> String { String(format: "%g", value) }
}

extension [ContextColumn] {
    /// C, the features of one encoded context row.
    public var featureCount: Int { reduce(0) { $0 + $1.width } }

    /// The features' names: a numeric column's name, or "name=category" for each one-hot feature.
    public var featureNames: [String] {
        flatMap { column in column.categories.map { $0.map { "\(column.name)=\(ContextColumn.format($0))" } } ?? [column.name] }
    }

    /// The encoded context of each row of `table`, whose columns are these context columns in order, in their own
    /// units: `[rows, featureCount]`.
    /// - Throws: `ContextError.wrongWidth` when `table` has another number of columns; `.nonFiniteValue` or
    ///   `.unknownCategory` naming `source`, the 1-based row and the column.
    public func encode(_ table: DataTable, source: String) throws -> DataTable {
        guard table.columnCount == count else { throw ContextError.wrongWidth(source: source, expected: map(\.name), found: table.columnCount) }
        var values: [Double] = []
        values.reserveCapacity(table.rowCount * featureCount)
        for row in 0 ..< table.rowCount {
            for (index, column) in enumerated() { values += try column.features(of: table[row, index], row: row + 1, source: source) }
        }
        return DataTable(rowCount: table.rowCount, columnCount: featureCount, values: values, columnNames: featureNames)
    }

    /// The model's fixed standardisation of the encoded context: a numeric feature by the training split's mean and
    /// std, a one-hot feature by mean 0 and std 1 (left as it is).
    public func standardization(ofEncoded train: DataTable) -> InputStandardization {
        let means = train.columnMeans(), stds = train.columnStandardDeviations()
        var mean: [Double] = [], std: [Double] = []
        var feature = 0
        for column in self {
            if column.categories == nil {
                mean.append(means[feature])
                std.append(stds[feature])
            } else {
                mean += [Double](repeating: 0, count: column.width)
                std += [Double](repeating: 1, count: column.width)
            }
            feature += column.width
        }
        return InputStandardization(mean: mean, std: std)
    }

    /// The context columns of a table with all of the training file's columns.
    public func selecting(from table: DataTable) -> DataTable { table.selectingColumns(map { $0.column - 1 }) }
}
