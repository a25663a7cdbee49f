/// The few Python literals a `.npy` header is written in (a `repr` of a dict), parsed without `eval`.
///
/// Grammar: strings in single or double quotes, integers (a Python 2 `L` suffix is allowed),
/// `True`, `False`, `None`, and tuples, lists and dicts of these.
indirect enum PythonLiteral: Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    /// An integer literal (its digits as written) beyond the 64-bit range, kept so that a message can say so.
    case oversizedInteger(String)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([String: PythonLiteral])

    /// The literal as Python would write it (used to quote unsupported headers in errors).
    var description: String {
        switch self {
        case let .string(text): return "'\(text)'"
        case let .integer(value): return String(value)
        case let .oversizedInteger(digits): return digits
        case let .boolean(value): return value ? "True" : "False"
        case .none: return "None"
        case let .tuple(items): return "(" + items.map(\.description).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case let .list(items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case let .dictionary(entries):
            return "{" + entries.keys.sorted().map { "'\($0)': \(entries[$0].map(\.description) ?? "")" }
                .joined(separator: ", ") + "}"
        }
    }

    /// Parses `text`, which must hold exactly one literal (surrounding blanks allowed); `nil` if it does not.
    static func parse(_ text: String) -> PythonLiteral? {
        var parser = Parser(characters: Array(text.unicodeScalars))
        guard let value = parser.value() else { return nil }
        parser.skipBlanks()
        return parser.isAtEnd ? value : nil
    }

    private struct Parser {
        let characters: [Unicode.Scalar]
        var index = 0

        var isAtEnd: Bool { index >= characters.count }

        mutating func skipBlanks() {
            while !isAtEnd, characters[index].properties.isWhitespace { index += 1 }
        }

        mutating func value() -> PythonLiteral? {
            skipBlanks()
            guard !isAtEnd else { return nil }
            switch characters[index] {
            case "'", "\"": return string().map(PythonLiteral.string)
            case "(": return sequence(closing: ")").map(PythonLiteral.tuple)
            case "[": return sequence(closing: "]").map(PythonLiteral.list)
            case "{": return dictionary()
            default: return word()
            }
        }

        private mutating func string() -> String? {
            let quote = characters[index]
            index += 1
            var text = String.UnicodeScalarView()
            while !isAtEnd, characters[index] != quote {
                if characters[index] == "\\" { index += 1 }
                guard !isAtEnd else { return nil }
                text.append(characters[index])
                index += 1
            }
            guard !isAtEnd else { return nil }
            index += 1
            return String(text)
        }

        private mutating func sequence(closing: Unicode.Scalar) -> [PythonLiteral]? {
            index += 1
            var items = [PythonLiteral]()
            while true {
                skipBlanks()
                guard !isAtEnd else { return nil }
                if characters[index] == closing { index += 1; return items }
                guard let item = value() else { return nil }
                items.append(item)
                skipBlanks()
                guard !isAtEnd else { return nil }
                if characters[index] == "," { index += 1 } else if characters[index] != closing { return nil }
            }
        }

        private mutating func dictionary() -> PythonLiteral? {
            index += 1
            var entries = [String: PythonLiteral]()
            while true {
                skipBlanks()
                guard !isAtEnd else { return nil }
                if characters[index] == "}" { index += 1; return .dictionary(entries) }
                guard case let .string(key)? = value() else { return nil }
                skipBlanks()
                guard !isAtEnd, characters[index] == ":" else { return nil }
                index += 1
                guard let item = value() else { return nil }
                entries[key] = item
                skipBlanks()
                guard !isAtEnd else { return nil }
                if characters[index] == "," { index += 1 } else if characters[index] != "}" { return nil }
            }
        }

        private mutating func word() -> PythonLiteral? {
            let start = index
            while !isAtEnd, characters[index].properties.isAlphabetic || ("0" ... "9").contains(characters[index])
                || characters[index] == "-" || characters[index] == "+" || characters[index] == "_" {
                index += 1
            }
            var word = String(String.UnicodeScalarView(characters[start ..< index]))
            switch word {
            case "True": return .boolean(true)
            case "False": return .boolean(false)
            case "None": return PythonLiteral.none
            default:
                if word.hasSuffix("L") { word.removeLast() }
                if let value = Int(word) { return .integer(value) }
                let digits = word.first == "-" || word.first == "+" ? word.dropFirst() : Substring(word)
                return !digits.isEmpty && digits.allSatisfy({ ("0" ... "9").contains($0) }) ? .oversizedInteger(word) : nil
            }
        }
    }
}
