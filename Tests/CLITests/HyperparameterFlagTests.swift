import Foundation
import Testing
@testable import CLI
import Configurations

/// The CLI's hyperparameter flags come from the one table, `Hyperparameters.all`: every entry has its flag and every
/// flag its entry (read from the help the argument parser prints, not from the options' storage), and a flag gives
/// exactly what the same value gives in a configuration file.
struct HyperparameterFlagTests {
    /// Each key's value as a flag and as JSON. A key added to the table without an example fails
    /// `everyFlagGivesWhatTheConfigurationFileGives`.
    static let examples: [String: (flag: String, json: String)] = [
        "layers": ("3", "3"), "hidden": ("7,9", "[7, 9]"), "batch-norm": ("true", "true"), "index-dimension": ("2", "2"),
        "shift-scale-hidden": ("5", "[5]"), "prior-hidden": ("6,6", "[6, 6]"), "posterior-hidden": ("4", "[4]"),
        "variant": ("affine-only", "\"affine-only\""), "activation": ("relu", "\"relu\""), "log-scale-limit": ("2.5", "2.5"),
        "learning-rate": ("0.002", "0.002"), "batch-size": ("64", "64"), "epochs": ("11", "11"), "patience": ("4", "4"),
        "train-draws": ("3", "3"), "validation-samples": ("7", "7"), "gradient-clip": ("9.5", "9.5"), "max-recoveries": ("2", "2"),
        "seed": ("17", "17"), "snapshot-epochs": ("3", "3"), "batch-norm-statistics": ("training-set", "\"training-set\""),
        "coupler-blocks": ("2", "2"), "coupler-hidden": ("16", "16"), "train-images": ("300", "300"), "index-hidden": ("8", "8"),
        "index-normalization": ("batch-norm", "\"batch-norm\""), "index-initialization": ("identity", "\"identity\""),
    ]

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
        for hyperparameter in Hyperparameters.all {
            guard let example = Self.examples[hyperparameter.key] else {
                Issue.record("no example value for \(hyperparameter.key)")
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
        #expect(fromFlags.hidden == [7, 9] && fromFlags.learningRate == 0.002 && fromFlags.trainImages == 300)
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
