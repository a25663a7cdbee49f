import Foundation
import Configurations
import FileSystem

/// One hyperparameter value of a sweep, kept as its JSON text (`0.001`, `[100,100]`, `"relu"`), so that a
/// grid point becomes a `ConfigurationOverrides` by the same decoder that reads `lgf train --config` files.
public struct SweepValue: Sendable, Hashable, Codable {
    /// The value as JSON, e.g. `[50,50]`.
    public let json: String

    /// Converts a value parsed from YAML or JSON (numbers, strings, Booleans, lists of them).
    ///
    /// YAML 1.1 reads `1e-3` (no decimal point) as a string; strings that spell a number become numbers,
    /// which no hyperparameter needs as text (the only text values are names such as `relu`).
    /// - Throws: `SweepError.invalidSpecification` for mappings, nulls and other kinds.
    init(parsed value: Any, path: String, key: String) throws {
        let normalised = try SweepValue.normalise(value, path: path, key: key)
        let data = try JSONSerialization.data(withJSONObject: [normalised], options: [.sortedKeys])
        // The value was wrapped in an array because JSONSerialization writes only containers at the top level.
        json = String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    init(json: String) { self.json = json }

    /// A short spelling for run names: `0.001`, `100x100`, `relu`.
    public var label: String {
        let kept = json.filter { !"[]\" ".contains($0) }
        return kept.replacingOccurrences(of: ",", with: "x")
    }

    private static func normalise(_ value: Any, path: String, key: String) throws -> Any {
        // JSONSerialization gives NSNumber for numbers and Booleans alike, and NSNumber(1) casts to Bool: ask it
        // which it holds. Yams gives Swift Int, Double and Bool, handled below.
        if type(of: value) is NSNumber.Type, let number = value as? NSNumber {
            switch String(cString: number.objCType) {
            case "c", "B": return number.boolValue
            case "f", "d": return try normalise(number.doubleValue, path: path, key: key)
            default: return number.intValue
            }
        }
        switch value {
        case let text as String:
            if let integer = Int(text) { return integer }
            if let number = Double(text), number.isFinite { return number }
            return text
        case let flag as Bool: return flag
        case let integer as Int: return integer
        case let number as Double:
            guard number.isFinite else {
                throw SweepError.invalidSpecification(path: path, key: key, reason: "expected a finite number, got \(number)")
            }
            return number
        case let list as [Any]: return try list.map { try normalise($0, path: path, key: key) }
        default:
            throw SweepError.invalidSpecification(path: path, key: key, reason: "expected a number, a name, true/false or a list of them, got \(value)")
        }
    }
}

extension ConfigurationOverrides {
    /// The overrides that `values` (key → JSON text, keys as in `ConfigurationOverrides.keys`) spell.
    /// - Throws: `SweepError.invalidSpecification` naming the first key that is unknown or has a value of the wrong type.
    static func decoding(_ values: [String: SweepValue], path: String, context: String) throws -> ConfigurationOverrides {
        for key in values.keys.sorted() {
            guard keys.contains(key) else {
                throw SweepError.invalidSpecification(path: path, key: "\(context).\(key)", reason: "unknown hyperparameter; expected one of: \(keys.joined(separator: ", "))")
            }
            do {
                _ = try JSONDecoder().decode(ConfigurationOverrides.self, from: Data("{\"\(key)\":\(values[key]?.json ?? "null")}".utf8))
            } catch {
                throw SweepError.invalidSpecification(path: path, key: "\(context).\(key)", reason: "expected \(Hyperparameters.named(key)?.valueType.expectation ?? "a value of its type"), found \(MessageText.excerpt(values[key]?.json ?? "null"))")
            }
        }
        let object = values.keys.sorted().map { "\"\($0)\":\(values[$0]?.json ?? "null")" }.joined(separator: ",")
        return try JSONDecoder().decode(ConfigurationOverrides.self, from: Data("{\(object)}".utf8))
    }
}
