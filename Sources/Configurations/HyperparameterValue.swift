import Flows
import Networks
import Tensors

/// A type a hyperparameter's values have: coded in configuration files and `configuration.json`, compared to tell a
/// changed value from a repeated one, and spelled as the command line spells it.
public protocol HyperparameterValue: Codable, Sendable, Equatable {
    /// The value as a flag takes it: `50,50` for `--hidden`, `relu` for `--activation`.
    var argument: String { get }
    /// What a value of the type is, in words completing "expected …": "a whole number", "one of relu, tanh".
    static var expectation: String { get }
}

extension Int: HyperparameterValue {
    public var argument: String { String(self) }
    public static var expectation: String { "a whole number" }
}

extension UInt64: HyperparameterValue {
    public var argument: String { String(self) }
    public static var expectation: String { "a whole number ≥ 0" }
}

extension Double: HyperparameterValue {
    public var argument: String { "\(self)" }
    public static var expectation: String { "a number" }
}

extension Bool: HyperparameterValue {
    public var argument: String { "\(self)" }
    public static var expectation: String { "true or false" }
}

extension Array: HyperparameterValue where Element == Int {
    /// Comma-separated widths, `50,50,50,50`.
    public var argument: String { map(String.init).joined(separator: ",") }
    public static var expectation: String { "a list of whole numbers (e.g. [50, 50])" }
}

extension HyperparameterValue where Self: RawRepresentable, RawValue == String {
    public var argument: String { rawValue }
}

extension HyperparameterValue where Self: RawRepresentable & CaseIterable, RawValue == String {
    public static var expectation: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
}

extension IndexedLayerVariant: HyperparameterValue {}
extension IndexedLayerNormalization: HyperparameterValue {}
extension IndexedLayerInitialization: HyperparameterValue {}
extension Activation: HyperparameterValue {}
extension BatchNormStatistics: HyperparameterValue {}
extension TrainingObjective: HyperparameterValue {}
extension ProductPrecision: HyperparameterValue {}
