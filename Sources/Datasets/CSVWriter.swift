import Foundation

/// Writes a `DataTable` as delimited text that `CSVReader` (and NumPy, pandas, R) reads back exactly.
///
/// Numbers use Swift's shortest round-trip spelling, so reading the file back gives the same
/// `Double`s bit for bit. Column names, when present and requested, form a header row; a name holding
/// the delimiter, a quote or a blank is quoted with inner quotes doubled.
public enum CSVWriter {
    /// The text of `table`: one line per row, each ending in `\n`.
    ///
    /// - Parameters:
    ///   - delimiter: `.comma` by default; `.whitespace` writes a single space.
    ///   - includesHeader: writes `table.columnNames` as the first line when the table has them.
    public static func text(of table: DataTable, delimiter: CSVDelimiter = .comma, includesHeader: Bool = true) -> String {
        let separator = delimiter.byte.map { String(UnicodeScalar($0)) } ?? " "
        var text = ""
        text.reserveCapacity(table.values.count * 12)
        if includesHeader, let names = table.columnNames {
            text += names.map { quotedIfNeeded($0, separator: separator) }.joined(separator: separator)
            text += "\n"
        }
        for row in 0 ..< table.rowCount {
            for column in 0 ..< table.columnCount {
                if column > 0 { text += separator }
                text += table[row, column].description
            }
            text += "\n"
        }
        return text
    }

    /// Writes `table` to `path`, replacing any file there.
    ///
    /// - Throws: `DatasetError.unwritable` when the file cannot be written.
    public static func write(_ table: DataTable, to path: String, delimiter: CSVDelimiter = .comma,
                             includesHeader: Bool = true) throws {
        let text = text(of: table, delimiter: delimiter, includesHeader: includesHeader)
        try DatasetFiles.write(Data(text.utf8), to: path)
    }

    private static func quotedIfNeeded(_ name: String, separator: String) -> String {
        let needsQuotes = name.isEmpty || name.contains(separator) || name.contains("\"")
            || name.contains(" ") || name.contains("\t") || name.contains("\n")
        return needsQuotes ? "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : name
    }
}
