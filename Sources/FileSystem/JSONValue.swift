/// A parsed JSON value, just enough for a safetensors header: objects keep their key order and
/// numbers keep their literal text, so integers are read exactly (no trip through `Double`).
///
/// Foundation's `JSONSerialization` would silently keep one of two duplicate keys and turn `1.0`,
/// `true` and `1` into the same `NSNumber`; a header that is ambiguous in those ways is rejected instead.
package enum JSONValue {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number's literal text, e.g. `"16"` or `"-1.5e3"`.
    case number(String)
    case bool(Bool)
    case null

    /// A short name of the kind of value, for messages ("expected an array, found a string").
    package var kindName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number(let text): return "the number \(text)"
        case .bool(let value): return "\(value)"
        case .null: return "null"
        }
    }

    /// The value as a non-negative integer, if it is one written without sign, fraction or exponent.
    package var unsignedInteger: UInt64? {
        guard case .number(let text) = self else { return nil }
        return UInt64(text)
    }

    /// Parses `bytes` as one JSON value, optionally followed by whitespace.
    /// - Throws: `JSONSyntaxError` with the byte offset of the first problem.
    package static func parse(_ bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        return try parser.parseDocument()
    }
}

/// Where and why a JSON text failed to parse.
package struct JSONSyntaxError: Error, CustomStringConvertible {
    /// The 0-based byte offset in the JSON text.
    package var offset: Int
    package var reason: String

    package var description: String { "\(reason) at byte \(offset) of the header" }
}
