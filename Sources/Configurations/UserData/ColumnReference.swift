import Datasets
import Foundation

/// A column named on the command line: a header name (exactly as in the file) or a 1-based number.
enum ColumnReference {
    /// The 1-based column `spec` names in `table`, a name winning over a number (a header may name a column "3").
    ///
    /// - Throws: `DatasetError.unknownColumn` naming the file, the spec and the header's names.
    static func resolve(_ spec: String, in table: DataTable, path: String) throws -> Int {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        if let names = table.columnNames, let index = names.firstIndex(of: trimmed) { return index + 1 }
        if let number = Int(trimmed), (1 ... table.columnCount).contains(number) { return number }
        throw DatasetError.unknownColumn(path: path, column: spec, columnCount: table.columnCount, known: table.columnNames)
    }
}
