/// One hyperparameter, described once: its key (the same in YAML and JSON configuration files, in sweep grids and as
/// the CLI's `--key`), its value type, what every value must satisfy, where it lands in `configuration.json`, whether
/// `--resume` may change it, and its help text.
///
/// `Hyperparameters.all` lists every one. `ConfigurationOverrides` derives its keys, coding, merging and application
/// from that list, `ExperimentConfiguration.validate()` its checks of single values, the CLI its help texts and the
/// flags `--resume` refuses, and a sweep the changes it refuses or continues its runs with. A new hyperparameter is
/// an entry there and its flag in the CLI (whose test checks every flag against the list).
public struct Hyperparameter<Value: HyperparameterValue>: Sendable {
    /// The key in files and sweeps and the flag's name without its dashes, e.g. `learning-rate`.
    public let key: String
    /// The words messages use for it, e.g. "learning rate must be positive, got -1".
    public let name: String
    /// The flag's help text.
    public let help: String
    /// Where a value lands in the resolved configuration (which also decides the scope).
    public let field: HyperparameterField<Value>
    /// What every value must satisfy; `nil` when any value of the type will do, or when the model library checks
    /// it with the fields it depends on (`ModelBuilder.validate`: a MADE width must be at least the dimension).
    public let requirement: HyperparameterRequirement<Value>?
    /// Whether a started run may continue with another value.
    public let onResume: ResumeRule
    private let phrase: (@Sendable (Value) -> String)?

    /// - Parameters:
    ///   - name: the words for messages; the key's words (`batch size`) when `nil`.
    ///   - phrase: how a value reads in "Resuming with …" (`up to 5 epochs`); "<name> <value>" when `nil`.
    init(_ key: String, _ field: HyperparameterField<Value>, requires requirement: HyperparameterRequirement<Value>? = nil,
         onResume: ResumeRule = .fixed, name: String? = nil, phrase: (@Sendable (Value) -> String)? = nil, help: String) {
        self.key = key
        self.name = name ?? key.replacingOccurrences(of: "-", with: " ")
        self.help = help
        self.field = field
        self.requirement = requirement
        self.onResume = onResume
        self.phrase = phrase
    }

    public var scope: HyperparameterScope { field.scope }

    /// `value` in words, e.g. "up to 5 epochs" or "patience 4".
    public func describe(_ value: Value) -> String { phrase?(value) ?? "\(name) \(value.argument)" }

    /// Checks the value the configuration holds, if it holds one.
    /// - Throws: `ExperimentError.invalidHyperparameter` naming this hyperparameter, the requirement and the value.
    func check(_ targets: HyperparameterTargets) throws {
        guard let requirement, let value = field.read(targets), !requirement.holds(value) else { return }
        throw ExperimentError.invalidHyperparameter(name: name, value: value.argument, requirement: requirement.text)
    }
}

/// What a started run may do with a hyperparameter's value when it is continued (`lgf train --resume`, or a sweep
/// started again with a changed specification).
public enum ResumeRule: Sendable, Equatable {
    /// Fixed: the epochs already completed were computed with it.
    case fixed
    /// May change: it only moves where training stops, so the continued run repeats the uninterrupted one up to the
    /// old end (epochs, patience).
    case mayChange
}
