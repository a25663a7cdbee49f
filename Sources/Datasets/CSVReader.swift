import Foundation

/// Reads delimited text of numbers (CSV, semicolon-separated, TSV, whitespace columns) into a `DataTable`.
///
/// The delimiter is detected per file (see `CSVDelimiter`), judged from the second non-blank line
/// (the first may be a header) or the first when it is alone. Blank lines and a final newline are
/// skipped, `\r\n` is accepted, and a cell wholly in double quotes is unquoted. Every cell must be a
/// finite decimal number within `Float`'s range: text, NaN, infinity and overflow are errors naming the
/// line and column, and a binary file (a NUL byte, invalid UTF-8) is refused without echoing it.
/// Bytes are parsed in place (no `String` per cell), so a 50 MB file takes well under a second.
public enum CSVReader {
    /// Reads the file at `path`.
    ///
    /// - Returns: a table of `[rows, columns]`, with `columnNames` when a header was found.
    /// - Throws: `DatasetError.fileNotFound`, `.unreadable`, `.empty`, `.malformedValue`,
    ///   `.nonFiniteValue` or `.raggedRow`, each naming `path`.
    public static func read(path: String, header: CSVHeader = .detect) throws -> DataTable {
        let contents = try DatasetFiles.read(path)
        return try contents.withUnsafeBytes { raw in
            try parse(raw.bindMemory(to: UInt8.self), source: path, header: header)
        }
    }

    /// Reads delimited text bytes held in memory (e.g. a decompressed file); `source` names them in errors.
    public static func read(data: Data, source: String, header: CSVHeader = .detect) throws -> DataTable {
        try data.withUnsafeBytes { raw in try parse(raw.bindMemory(to: UInt8.self), source: source, header: header) }
    }

    /// Reads delimited text held in memory; `source` names it in errors.
    public static func read(text: String, source: String = "text", header: CSVHeader = .detect) throws -> DataTable {
        var text = text
        return try text.withUTF8 { bytes in try parse(bytes, source: source, header: header) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String, header: CSVHeader) throws -> DataTable {
        if let offset = binaryOffset(in: bytes) { throw DatasetError.notText(path: source, offset: offset) }
        var cursor = TextLineCursor(bytes)
        var probe = cursor
        guard let base = bytes.baseAddress, let firstLine = probe.next() else { throw DatasetError.empty(path: source) }
        let sampleLine = probe.next() ?? firstLine
        let delimiter = CSVDelimiter.detect(in: UnsafeBufferPointer(rebasing: bytes[sampleLine.bytes]))

        var columnNames: [String]?
        if header == .detect, let column = unnamedColumn(of: firstLine, in: bytes, delimiter: delimiter) {
            throw DatasetError.unnamedColumn(path: source, line: firstLine.number, column: column)
        }
        if header != .absent, isHeader(firstLine, in: bytes, delimiter: delimiter, requiringNames: header == .detect) {
            _ = cursor.next()
            if header == .detect {
                var scanner = CSVFieldScanner(bytes, line: firstLine, delimiter: delimiter)
                columnNames = []
                while let field = scanner.next() { columnNames?.append(scanner.text(of: field)) }
            }
        }

        var values = [Double]()
        var rowCount = 0
        var columnCount = columnNames?.count
        while let line = cursor.next() {
            var scanner = CSVFieldScanner(bytes, line: line, delimiter: delimiter)
            var column = 0
            while let field = scanner.next() {
                column += 1
                switch DecimalParser.parse(base + field.content.lowerBound, count: field.content.count) {
                case let .number(value):
                    guard abs(value) <= Double(Float.greatestFiniteMagnitude) else {
                        throw DatasetError.outOfFloatRange(path: source, line: line.number, column: column, text: scanner.text(of: field))
                    }
                    values.append(value)
                case .nonFinite:
                    throw DatasetError.nonFiniteValue(path: source, line: line.number, column: column,
                                                      text: scanner.text(of: field))
                case .malformed:
                    throw DatasetError.malformedValue(path: source, line: line.number, column: column,
                                                      text: scanner.text(of: field))
                }
            }
            if let expected = columnCount, expected != column {
                throw DatasetError.raggedRow(path: source, line: line.number, expectedColumns: expected, foundColumns: column)
            }
            columnCount = column
            rowCount += 1
        }
        guard rowCount > 0, let columnCount else { throw DatasetError.empty(path: source) }
        return DataTable(rowCount: rowCount, columnCount: columnCount, values: values, columnNames: columnNames)
    }

    /// Whether `line` is a header. For `.detectIgnoringNames` (UCI title lines) some cell must hold text
    /// that is not a number (empty cells do not count, so a data row with a missing value is reported as
    /// such rather than taken for names). With `requiringNames` (`.detect`), every cell must be
    /// non-numeric and look like a name (start with a letter, `_` or `#`, hold no control characters), so a data
    /// row with one bad token (`1e`, `TRUE`, `0x1p3`) is an error naming it instead of being dropped.
    private static func isHeader(_ line: TextLineCursor.Line, in bytes: UnsafeBufferPointer<UInt8>,
                                 delimiter: CSVDelimiter, requiringNames: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var scanner = CSVFieldScanner(bytes, line: line, delimiter: delimiter)
        var sawText = false
        while let field = scanner.next() {
            let count = field.content.count
            let isText = count > 0 && DecimalParser.parse(base + field.content.lowerBound, count: count) == .malformed
            if requiringNames {
                guard isText, looksLikeName(scanner.text(of: field)) else { return false }
            }
            sawText = sawText || isText
        }
        return sawText
    }

    /// The first empty cell of a line that is otherwise a header (every other cell a name): a header with a column
    /// left unnamed, such as the row index pandas writes first. Nil for any other line.
    private static func unnamedColumn(of line: TextLineCursor.Line, in bytes: UnsafeBufferPointer<UInt8>, delimiter: CSVDelimiter) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var scanner = CSVFieldScanner(bytes, line: line, delimiter: delimiter)
        var column = 0, firstEmpty: Int?, sawName = false
        while let field = scanner.next() {
            column += 1
            let count = field.content.count
            if count == 0 {
                firstEmpty = firstEmpty ?? column
            } else {
                guard DecimalParser.parse(base + field.content.lowerBound, count: count) == .malformed,
                      looksLikeName(scanner.text(of: field)) else { return nil }
                sawName = true
            }
        }
        return sawName ? firstEmpty : nil
    }

    /// A column name starts with a letter (any script), `_` or `#` (as in HEPMASS' `# label`) and holds
    /// no control characters.
    private static func looksLikeName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first == "#" || first.properties.isAlphabetic else { return false }
        return !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FFFD}" }
    }

    /// The offset of the first sign of a binary file, if any: a NUL byte anywhere, or invalid UTF-8 in
    /// the first 64 KiB (checking all of a large file would double its reading time).
    private static func binaryOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        if let nul = memchr(base, 0, bytes.count) { return base.distance(to: nul.assumingMemoryBound(to: UInt8.self)) }
        var prefix = Array(UnsafeBufferPointer(rebasing: bytes[..<min(bytes.count, 1 << 16)]))
        // A multi-byte character cut by the 64 KiB boundary is not an error: trim up to three bytes.
        var trimmed = 0
        while trimmed < 3, let last = prefix.last, last & 0xC0 == 0x80 || last >= 0xC0, prefix.count < bytes.count {
            prefix.removeLast()
            trimmed += 1
        }
        var iterator = prefix.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            let before = offset
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return before
            }
        }
    }
}
