/// A strict recursive-descent JSON parser (RFC 8259) over UTF-8 bytes, producing `JSONValue`.
///
/// Duplicate object keys, unpaired surrogate escapes, raw control characters in strings and nesting
/// deeper than `maximumDepth` are errors, each reported with its byte offset. Foundation's `JSONSerialization`
/// keeps one of two repeated keys silently and bounds neither depth nor reports offsets, which safetensors
/// headers and configuration files need; everything else decodes with `JSONDecoder`.
package struct JSONParser {
    /// Deeper nesting than any safetensors header needs (it uses 3 levels); the bound keeps a hostile
    /// file from exhausting the stack.
    package static let maximumDepth = 64

    private let bytes: ArraySlice<UInt8>
    private var index: Int
    private var depth = 0

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// One value surrounded by optional whitespace and nothing else.
    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.endIndex else { throw error("unexpected \(describeCurrent()) after the top-level value") }
        return value
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.endIndex else { throw error("expected a value, found the end of the header") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        var keys = Set<String>()
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { depth -= 1; return .object(members) }
        while true {
            skipWhitespace()
            let keyOffset = index
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key, found \(describeCurrent())") }
            let key = try parseString()
            guard keys.insert(key).inserted else { throw JSONSyntaxError(offset: keyOffset - bytes.startIndex, reason: "duplicate key \"\(key)\"") }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw error("expected ':' after key \"\(key)\", found \(describeCurrent())") }
            skipWhitespace()
            members.append((key, try parseValue()))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { depth -= 1; return .object(members) }
            throw error("expected ',' or '}' in an object, found \(describeCurrent())")
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { depth -= 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { depth -= 1; return .array(elements) }
            throw error("expected ',' or ']' in an array, found \(describeCurrent())")
        }
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as written.
    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // A leading zero stands alone: "01" is not JSON.
        } else if try skipDigits() == 0 {
            throw error("expected a digit, found \(describeCurrent())")
        }
        if consume(UInt8(ascii: ".")), try skipDigits() == 0 { throw error("expected a digit after '.', found \(describeCurrent())") }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            if try skipDigits() == 0 { throw error("expected a digit in the exponent, found \(describeCurrent())") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipDigits() throws(JSONSyntaxError) -> Int {
        let start = index
        while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    // MARK: - Strings

    /// A string starting at the opening quote; the caller has checked that the text is valid UTF-8.
    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        while true {
            guard index < bytes.endIndex else { throw error("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<index], as: UTF8.self).unicodeScalars)
                index += 1
                if byte == UInt8(ascii: "\"") { return String(scalars) }
                scalars.append(try parseEscape())
                runStart = index
            } else if byte < 0x20 {
                throw error("control character 0x\(String(byte, radix: 16)) inside a string (it must be escaped)")
            } else {
                index += 1
            }
        }
    }

    /// The character after a backslash (and its hex digits, for `\u`).
    private mutating func parseEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        guard index < bytes.endIndex else { throw error("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try parseHexUnit()
            if UTF16.isLeadSurrogate(unit) {
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw error("expected a low surrogate \\u escape after \\u\(String(unit, radix: 16))") }
                let low = try parseHexUnit()
                guard UTF16.isTrailSurrogate(low) else { throw error("expected a low surrogate, found \\u\(String(low, radix: 16))") }
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw error("invalid surrogate pair") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(unit) else { throw error("unpaired surrogate \\u\(String(unit, radix: 16))") }
            return scalar
        default:
            index -= 1
            throw error("invalid escape \\\(describeCurrent())")
        }
    }

    private mutating func parseHexUnit() throws(JSONSyntaxError) -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard index < bytes.endIndex, let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else {
                throw error("expected four hex digits after \\u")
            }
            unit = unit << 4 | UInt16(digit)
            index += 1
        }
        return unit
    }

    // MARK: - Helpers

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
    }

    private mutating func expectLiteral(_ literal: String) throws(JSONSyntaxError) {
        let expected = Array(literal.utf8)
        guard index + expected.count <= bytes.endIndex, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw error("expected \(literal), found \(describeCurrent())")
        }
        index += expected.count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.endIndex, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func describeCurrent() -> String {
        guard index < bytes.endIndex else { return "the end of the header" }
        let byte = bytes[index]
        return (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: index - bytes.startIndex, reason: reason)
    }
}
