import Foundation

/// Finds the number that `JSONDecoder` could not fit into its type. On Linux a number outside its field's type
/// (`-1` or `1e30` for a `UInt64`, `2.5` for an `Int`) fails the whole decode with "The given data was not valid
/// JSON." and no key, although the text is valid JSON; this names the key, the number and what was expected instead.
///
/// With the numbers from the k-th on replaced by 0 the decode fails that way for k = all and not for k = 0 (0 fits
/// every numeric type), so a binary search over k finds a number that does not fit in O(log n) decodes.
package enum JSONNumberFit {
    /// "key \"training.seed\": expected a whole number ≥ 0, found -1", or nil when the failure is not a number's.
    static func misfit<T: Decodable>(_ type: T.Type, in document: JSONValue) -> String? {
        guard let found = search(type, in: document) else { return nil }
        let whole = failsAsUnfitting(type, document, originalBelow: found.index + 1, probe: (found.index, "0.5"))
        let signed = !failsAsUnfitting(type, document, originalBelow: found.index + 1, probe: (found.index, "-1"))
        let expected = !whole ? "a number within the range of its type" : signed ? "a whole number within ±9.2e18" : "a whole number ≥ 0"
        return "key \"\(found.path)\": expected \(expected), found \(found.text)"
    }

    /// The number, by its key path (`training.seed`, `hidden[0]`) and its text, that `JSONDecoder` could not fit into
    /// its field of `type`, or nil when decoding `document` as `type` does not fail that way.
    package static func culprit<T: Decodable>(_ type: T.Type, in document: JSONValue) -> (path: String, text: String)? {
        search(type, in: document).map { ($0.path, $0.text) }
    }

    /// The first number (in document order) whose original value makes the decode fail, by binary search.
    private static func search<T: Decodable>(_ type: T.Type, in document: JSONValue) -> (path: String, text: String, index: Int)? {
        var numbers: [(path: String, text: String)] = []
        collectNumbers(document, path: "", into: &numbers)
        guard !numbers.isEmpty, failsAsUnfitting(type, document, originalBelow: numbers.count),
              !failsAsUnfitting(type, document, originalBelow: 0) else { return nil }
        var (low, high) = (0, numbers.count)   // fails with `high` numbers kept, not with `low`
        while high - low > 1 {
            let middle = (low + high) / 2
            if failsAsUnfitting(type, document, originalBelow: middle) { high = middle } else { low = middle }
        }
        return (numbers[high - 1].path, numbers[high - 1].text, high - 1)
    }

    /// Whether `document`, with the numbers from the `count`-th on replaced by 0 (and the probe's by its text), fails to
    /// decode as `type` without a key: the way a number that does not fit its field fails.
    private static func failsAsUnfitting<T: Decodable>(_ type: T.Type, _ document: JSONValue, originalBelow count: Int,
                                                       probe: (index: Int, text: String)? = nil) -> Bool {
        var ordinal = 0
        let rewritten = replacingNumbers(document, keepingBelow: count, probe: probe, ordinal: &ordinal)
        do {
            _ = try JSONDecoder().decode(type, from: Data(rewritten.text.utf8))
            return false
        } catch DecodingError.dataCorrupted(let context) {
            return context.codingPath.isEmpty
        } catch {
            return false
        }
    }

    private static func collectNumbers(_ value: JSONValue, path: String, into numbers: inout [(path: String, text: String)]) {
        switch value {
        case .object(let members):
            for (key, member) in members { collectNumbers(member, path: path.isEmpty ? key : path + "." + key, into: &numbers) }
        case .array(let items):
            for (index, item) in items.enumerated() { collectNumbers(item, path: path + "[\(index)]", into: &numbers) }
        case .number(let text): numbers.append((path, text))
        case .string, .bool, .null: break
        }
    }

    /// `value` with every number from the `count`-th on (in document order) replaced by 0, and the probe's number by
    /// the probe's text.
    private static func replacingNumbers(_ value: JSONValue, keepingBelow count: Int, probe: (index: Int, text: String)?,
                                         ordinal: inout Int) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { ($0.key, replacingNumbers($0.value, keepingBelow: count, probe: probe, ordinal: &ordinal)) })
        case .array(let items):
            return .array(items.map { replacingNumbers($0, keepingBelow: count, probe: probe, ordinal: &ordinal) })
        case .number(let text):
            defer { ordinal += 1 }
            if let probe, probe.index == ordinal { return .number(probe.text) }
            return ordinal < count ? .number(text) : .number("0")
        case .string, .bool, .null: return value
        }
    }
}

extension JSONValue {
    /// The value as JSON text (numbers as their literal text, keys in their order).
    package var text: String {
        switch self {
        case .object(let members):
            return "{" + members.map { JSONValue.string($0.key).text + ":" + $0.value.text }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .string(let string):
            var escaped = "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return escaped + "\""
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        }
    }
}
