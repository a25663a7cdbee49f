/// What separates the cells of a row in delimited text.
public enum CSVDelimiter: Sendable, CaseIterable {
    /// `,`
    case comma
    /// `;` (common where `,` is the decimal mark, e.g. UCI's wine-quality files)
    case semicolon
    /// A single tab; spaces around cells are trimmed.
    case tab
    /// Any run of spaces and tabs; leading and trailing blanks are ignored.
    case whitespace

    /// The byte of a single-character delimiter, `nil` for `whitespace`.
    var byte: UInt8? {
        switch self {
        case .comma: return UInt8(ascii: ",")
        case .semicolon: return UInt8(ascii: ";")
        case .tab: return UInt8(ascii: "\t")
        case .whitespace: return nil
        }
    }

    /// The delimiter of a file, judged from one representative line (outside quoted text):
    /// `;` if present, else `,`, else a tab (unless tabs come in runs, as in space-aligned columns),
    /// else whitespace.
    static func detect(in line: UnsafeBufferPointer<UInt8>) -> CSVDelimiter {
        var isQuoted = false
        var sawSemicolon = false, sawComma = false, sawTab = false, sawTabRun = false
        var lastNonBlankWasTab = false
        for byte in line {
            if byte == UInt8(ascii: "\"") { isQuoted.toggle() }
            guard !isQuoted else { continue }
            switch byte {
            case UInt8(ascii: ";"): sawSemicolon = true
            case UInt8(ascii: ","): sawComma = true
            case UInt8(ascii: "\t"):
                sawTab = true
                sawTabRun = sawTabRun || lastNonBlankWasTab
                lastNonBlankWasTab = true
            case UInt8(ascii: " "): break
            default: lastNonBlankWasTab = false
            }
        }
        if sawSemicolon { return .semicolon }
        if sawComma { return .comma }
        if sawTab && !sawTabRun { return .tab }
        return .whitespace
    }
}
