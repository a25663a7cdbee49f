import ArgumentParser
import Configurations

extension ExperimentOptions {
    /// The flags as overrides. Each hyperparameter flag is the property whose name is its key in camel case
    /// (`--learning-rate` is `learningRate`), carried over through `Hyperparameter.all` rather than field by
    /// field; `HyperparameterFlagTests` checks that every entry of the table has its flag.
    var flagOverrides: ConfigurationOverrides {
        var overrides = ConfigurationOverrides()
        for child in Mirror(reflecting: self).children {
            guard let label = child.label, label.hasPrefix("_"), let hyperparameter = Self.hyperparameters[String(label.dropFirst())],
                  let flag = child.value as? any ParsedFlagValue, let value = Self.unwrapped(flag.parsedValue) else { continue }
            let converted = (value as? any HyperparameterFlagValue)?.hyperparameterValue ?? value
            guard hyperparameter.assign(converted, to: &overrides) else {
                preconditionFailure("--\(hyperparameter.key) parses to \(type(of: converted)), which the hyperparameter table does not hold")
            }
        }
        return overrides
    }

    /// The hyperparameters by the name of the property that holds their flag.
    static let hyperparameters = Dictionary(uniqueKeysWithValues: Hyperparameter.all.map { ($0.propertyName, $0) })

    /// The value inside an optional, `nil` for none, and any other value as it is.
    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// An `@Option` seen from outside: the value it parsed.
protocol ParsedFlagValue {
    var parsedValue: Any { get }
}

extension Option: ParsedFlagValue {
    var parsedValue: Any { wrappedValue }
}

/// A flag's type that is not the hyperparameter's own (a comma-separated list for `[Int]`).
protocol HyperparameterFlagValue {
    var hyperparameterValue: Any { get }
}

extension IntegerList: HyperparameterFlagValue {
    var hyperparameterValue: Any { values }
}
