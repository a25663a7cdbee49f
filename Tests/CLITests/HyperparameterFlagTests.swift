import Foundation
import Testing
@testable import CLI
import Configurations
import Flows
import Networks
import Tensors

/// The CLI's hyperparameter flags come from the one table, `Hyperparameters.all`: every entry has its flag and every
/// flag its entry (read from the help the argument parser prints, not from the options' storage), and a flag gives
/// exactly what the same value gives in a configuration file.
struct HyperparameterFlagTests {
    /// An example value for the `index`-th entry of the table, as a flag and as JSON: distinct for every entry of a value
    /// type, so a flag carried over to another entry's key shows. Only a hyperparameter of a new value type needs a
    /// line here, and without one `everyFlagGivesWhatTheConfigurationFileGives` fails.
    static func example(_ type: any HyperparameterValue.Type, index: Int) -> (flag: String, json: String)? {
        func named<Value: CaseIterable & RawRepresentable>(_: Value.Type) -> (String, String) where Value.RawValue == String {
            let cases = Array(Value.allCases)
            let name = cases[index % cases.count].rawValue
            return (name, "\"\(name)\"")
        }
        switch type {
        case is Int.Type: return ("\(index + 2)", "\(index + 2)")
        case is UInt64.Type: return ("\(index + 100)", "\(index + 100)")
        case is Double.Type: return ("\(Double(index) + 0.5)", "\(Double(index) + 0.5)")
        case is Bool.Type: return (index % 2 == 0 ? ("true", "true") : ("false", "false"))
        case is [Int].Type: return ("\(index + 2),\(index + 3)", "[\(index + 2), \(index + 3)]")
        case is IndexedLayerVariant.Type: return named(IndexedLayerVariant.self)
        case is IndexedLayerNormalization.Type: return named(IndexedLayerNormalization.self)
        case is IndexedLayerInitialization.Type: return named(IndexedLayerInitialization.self)
        case is Activation.Type: return named(Activation.self)
        case is BatchNormStatistics.Type: return named(BatchNormStatistics.self)
        case is TrainingObjective.Type: return named(TrainingObjective.self)
        case is ProductPrecision.Type: return named(ProductPrecision.self)
        default: return nil
        }
    }

    /// Each option of `HyperparameterFlags` with its help text, as `--help` shows them.
    static func documentedFlags() -> [String: String] {
        var flags: [String: String] = [:]
        var current: String?
        for line in HyperparameterFlags.helpMessage(columns: 10_000).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("--"), let name = text.split(separator: " ").first {
                current = String(name.dropFirst(2))
                flags[String(name.dropFirst(2))] = text.split(separator: " ", maxSplits: 2).dropFirst(2).first.map(String.init) ?? ""
            } else if let flag = current, !text.isEmpty, !text.hasSuffix(":") {
                flags[flag, default: ""] += " " + text
            }
        }
        return flags
    }

    @Test func everyHyperparameterHasItsFlagAndEveryFlagItsHyperparameter() {
        let flags = Self.documentedFlags()
        #expect(Set(flags.keys) == Set(ConfigurationOverrides.keys), "flags without an entry, or entries without a flag")
        for hyperparameter in Hyperparameters.all {
            #expect(flags[hyperparameter.key]?.contains(hyperparameter.help) == true, "--\(hyperparameter.key) lacks its entry's help text")
        }
    }

    @Test func everyFlagGivesWhatTheConfigurationFileGives() throws {
        var arguments: [String] = [], json: [String] = []
        for (index, hyperparameter) in Hyperparameters.all.enumerated() {
            guard let example = Self.example(hyperparameter.valueType, index: index) else {
                Issue.record("no example value of \(hyperparameter.valueType) for \(hyperparameter.key)")
                continue
            }
            arguments += ["--" + hyperparameter.key, example.flag]
            json.append("\"\(hyperparameter.key)\": \(example.json)")
        }
        let options = try ExperimentOptions.parse(arguments)
        let fromFlags = options.flagOverrides
        let fromFile = try JSONDecoder().decode(ConfigurationOverrides.self, from: Data("{\(json.joined(separator: ", "))}".utf8))
        #expect(fromFlags.givenKeys == ConfigurationOverrides.keys)
        #expect(fromFlags == fromFile)
        let position = { (key: String) in Hyperparameters.all.firstIndex { $0.key == key } ?? -1 }
        #expect(fromFlags.hidden == [3, 4] && fromFlags.learningRate == Double(position("learning-rate")) + 0.5
                && fromFlags.trainImages == position("train-images") + 2)
        #expect(options.givenFlags == ConfigurationOverrides.keys.map { "--" + $0 })
    }

    @Test func noFlagGivesNoOverride() throws {
        let options = try ExperimentOptions.parse(["--dataset", "2uniforms"])
        #expect(options.flagOverrides == ConfigurationOverrides())
        #expect(options.givenFlags == ["--dataset"])
    }

    /// Encoding goes through the same table: what is written reads back the same.
    @Test func overridesRoundTripThroughJSON() throws {
        let options = try ExperimentOptions.parse(["--hidden", "3,4", "--seed", "5", "--coupler-hidden", "12"])
        let overrides = options.flagOverrides
        let decoded = try JSONDecoder().decode(ConfigurationOverrides.self, from: JSONEncoder().encode(overrides))
        #expect(decoded == overrides && decoded.givenKeys == ["hidden", "seed", "coupler-hidden"])
    }
}
