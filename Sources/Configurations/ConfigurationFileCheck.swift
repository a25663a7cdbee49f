import Foundation
import Yams
import Checkpoints
import FileSystem

/// Checks a configuration file's structure before any value is decoded: its size, that no mapping
/// repeats a key (YAML and JSON parsers otherwise keep one of the two silently), and, for YAML, that
/// anchors and aliases do not expand past a bound (an "alias bomb" of nested aliases grows exponentially).
enum ConfigurationFileCheck {
    /// A configuration has a few dozen values; this leaves room for long lists of widths.
    static let maximumByteCount = 1 << 20
    /// Values counted with every alias expanded.
    static let maximumValueCount = 10_000

    /// A top-level key and its value as the file writes it, for messages about the value; a JSON file's value is kept
    /// parsed too, so that it can be decoded alone.
    struct Entry {
        let key: String
        let text: String
        var json: JSONValue? = nil
    }

    /// The top-level entries of a JSON configuration. - Throws: `ExperimentError.configurationFile`.
    static func entries(json data: Data, path: String) throws -> [Entry] {
        try checkSize(data, path: path)
        let value: JSONValue
        do throws(JSONSyntaxError) {
            value = try JSONValue.parse(ArraySlice(Array(data)))
        } catch {
            throw ExperimentError.configurationFile(path: path, reason: "not valid JSON: \(error.reason) at byte \(error.offset + 1)")
        }
        guard case .object(let members) = value else {
            throw ExperimentError.configurationFile(path: path, reason: "expected a mapping of keys to values at the top level, found \(value.kindName)")
        }
        if let empty = members.first(where: { if case .null = $0.value { return true } else { return false } }) {
            throw noValue(key: empty.key, line: "", path: path)
        }
        return members.map { Entry(key: $0.key, text: $0.value.text, json: $0.value) }
    }

    /// The top-level entries of a YAML configuration, after its size and nesting are bounded (`YAMLShape`) and before
    /// any value is decoded. - Throws: `ExperimentError.configurationFile`.
    static func entries(yaml data: Data, path: String) throws -> [Entry] {
        do throws(YAMLShape.Violation) {
            try YAMLShape.check(Array(data), maximumByteCount: maximumByteCount)
        } catch {
            throw ExperimentError.configurationFile(path: path, reason: "line \(error.line): \(error.reason)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ExperimentError.configurationFile(path: path, reason: "not valid YAML: \(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw ExperimentError.configurationFile(path: path, reason: "expected a mapping of keys to values at the top level")
        }
        var budget = maximumValueCount
        try walk(root, budget: &budget, path: path)
        return mapping.map { Entry(key: $0.key.string ?? "", text: flowText(of: $0.value)) }   // every key is a scalar once `walk` has passed
    }

    /// A YAML value in flow style on one line: `5`, `[a, b]`, `{a: 1}`.
    private static func flowText(of node: Node) -> String {
        if let sequence = node.sequence { return "[" + sequence.map(flowText(of:)).joined(separator: ", ") + "]" }
        if let mapping = node.mapping { return "{" + mapping.map { flowText(of: $0.key) + ": " + flowText(of: $0.value) }.joined(separator: ", ") + "}" }
        return node.string ?? ""
    }

    /// `key "seed": expected a whole number ≥ 0, found -1`: the key whose value did not decode, what its hyperparameter
    /// takes in words (`HyperparameterValue.expectation`), and the value as the file writes it, cut short; `nil` when
    /// the failure is not one key's. A JSON number that fits no field fails without a key (Foundation on Linux says
    /// only "not valid JSON"): the key is then the one holding the number that does not fit (`JSONNumberFit`).
    static func mismatch(_ error: DecodingError, in entries: [Entry]) -> String? {
        let document = JSONValue.object(entries.compactMap { entry in entry.json.map { (entry.key, $0) } })
        let key = error.codingPath.first?.stringValue
            ?? JSONNumberFit.culprit(ConfigurationOverrides.self, in: document).map { String($0.path.prefix { $0 != "." && $0 != "[" }) }
        guard let key, let hyperparameter = Hyperparameters.named(key), let entry = entries.first(where: { $0.key == key }) else { return nil }
        return "key \"\(key)\": expected \(hyperparameter.valueType.expectation), found \(MessageText.excerpt(entry.text))"
    }

    /// A key whose value is null, which decoding would read as an absent key, silently meaning the default.
    private static func noValue(key: String, line: String, path: String) -> ExperimentError {
        ExperimentError.configurationFile(path: path, reason: "the key \"\(key)\"\(line) has no value (null); give one, or leave the key out for the default")
    }

    private static func checkSize(_ data: Data, path: String) throws {
        guard data.count <= maximumByteCount else {
            throw ExperimentError.configurationFile(path: path, reason: "\(data.count) bytes is too large for a configuration file (at most \(maximumByteCount))")
        }
    }

    /// Visits every node with aliases expanded, stopping once `budget` is spent; checks mappings for duplicates.
    private static func walk(_ node: Node, budget: inout Int, path: String) throws {
        budget -= 1
        guard budget >= 0 else {
            throw ExperimentError.configurationFile(path: path, reason: "more than \(maximumValueCount) values once its aliases are expanded; "
                                                    + "a configuration needs a few dozen (is it an alias bomb?)")
        }
        if let mapping = node.mapping {
            var seen = Set<String>()
            for (key, value) in mapping {
                let line = key.mark.map { " (line \($0.line))" } ?? ""
                guard let name = key.scalar?.string else {
                    throw ExperimentError.configurationFile(path: path, reason: "a key must be a name, found a \(key.mapping != nil ? "mapping" : "list")\(line)")
                }
                guard seen.insert(name).inserted else {
                    throw ExperimentError.configurationFile(path: path, reason: "the key \"\(name)\" appears twice in one mapping\(line)")
                }
                // A null would decode as an absent key, silently meaning the default.
                if value.null != nil {
                    throw noValue(key: name, line: line, path: path)
                }
                try walk(value, budget: &budget, path: path)
            }
        } else if let sequence = node.sequence {
            for element in sequence { try walk(element, budget: &budget, path: path) }
        }
    }
}
