/// Splits one line of delimited text into cells, without copying.
///
/// Blanks around a cell are trimmed; a cell that is entirely one double-quoted string yields its
/// inside (delimiters inside quotes are text). Quoted newlines are not supported: rows are lines.
struct CSVFieldScanner {
    /// One cell: bytes `content` of the buffer are its text with surrounding quotes removed.
    struct Field {
        var content: Range<Int>
        var isQuoted: Bool
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let delimiter: CSVDelimiter
    private var position: Int
    private let end: Int
    /// True at the line start and after a delimiter: one more (possibly empty) cell follows.
    private var expectsField = true

    init(_ bytes: UnsafeBufferPointer<UInt8>, line: TextLineCursor.Line, delimiter: CSVDelimiter) {
        self.bytes = bytes
        self.delimiter = delimiter
        position = line.bytes.lowerBound
        end = line.bytes.upperBound
    }

    /// The next cell of the line, or `nil` after the last one.
    mutating func next() -> Field? {
        skipBlanks()
        let separator = delimiter.byte
        if separator == nil || !expectsField {
            guard position < end else { return nil }
        }
        let start = position
        if position < end && bytes[position] == UInt8(ascii: "\"") { skipQuoted() }
        while position < end {
            let byte = bytes[position]
            if let separator, byte == separator { break }
            if separator == nil, isBlank(byte) { break }
            if byte == UInt8(ascii: "\"") { skipQuoted() } else { position += 1 }
        }
        var contentEnd = position
        while contentEnd > start && isBlank(bytes[contentEnd - 1]) { contentEnd -= 1 }
        if let separator, position < end, bytes[position] == separator {
            position += 1
            expectsField = true
        } else {
            expectsField = false
        }
        let isQuoted = contentEnd - start >= 2 && bytes[start] == UInt8(ascii: "\"")
            && bytes[contentEnd - 1] == UInt8(ascii: "\"") && closingQuote(from: start) == contentEnd - 1
        return isQuoted
            ? Field(content: start + 1 ..< contentEnd - 1, isQuoted: true)
            : Field(content: start ..< contentEnd, isQuoted: false)
    }

    /// The text of a cell, with a quoted cell's doubled quotes (`""`) undone.
    func text(of field: Field) -> String {
        let text = String(decoding: bytes[field.content], as: UTF8.self)
        return field.isQuoted ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    private func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte == UInt8(ascii: "\t") && delimiter != .tab)
    }

    private mutating func skipBlanks() {
        while position < end && isBlank(bytes[position]) { position += 1 }
    }

    /// Moves past a quoted string that starts at `position`, honouring `""` escapes.
    private mutating func skipQuoted() {
        position = (closingQuote(from: position) ?? end - 1) + 1
    }

    /// The index of the quote that closes the string opened at `opening`, if the line has one.
    private func closingQuote(from opening: Int) -> Int? {
        var index = opening + 1
        while index < end {
            if bytes[index] == UInt8(ascii: "\"") {
                if index + 1 < end && bytes[index + 1] == UInt8(ascii: "\"") { index += 2; continue }
                return index
            }
            index += 1
        }
        return nil
    }
}
