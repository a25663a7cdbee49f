import Foundation
import Testing
@testable import CLI
import Configurations

/// The CLI's hyperparameter flags come from the one table, `Hyperparameter.all`: every entry has its flag, and a
/// flag gives exactly what the same value gives in a configuration file.
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

    @Test func everyHyperparameterHasItsFlag() {
        let properties = Set(Mirror(reflecting: ExperimentOptions()).children.compactMap(\.label))
        for hyperparameter in Hyperparameter.all {
            #expect(properties.contains("_" + hyperparameter.propertyName), "no --\(hyperparameter.key) flag (property \(hyperparameter.propertyName))")
        }
    }

    @Test func everyFlagGivesWhatTheConfigurationFileGives() throws {
        var arguments: [String] = [], json: [String] = []
        for hyperparameter in Hyperparameter.all {
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
