import Flows
import Networks
import Tensors

/// A type a hyperparameter's values have: coded in configuration files and `configuration.json`, compared to tell a
/// changed value from a repeated one, and spelled as the command line spells it.
public protocol HyperparameterValue: Codable, Sendable, Equatable {
    /// The value as a flag takes it: `50,50` for `--hidden`, `relu` for `--activation`.
    var argument: String { get }
}

extension Int: HyperparameterValue {
    public var argument: String { String(self) }
}

extension UInt64: HyperparameterValue {
    public var argument: String { String(self) }
}

extension Double: HyperparameterValue {
    public var argument: String { "\(self)" }
}

extension Bool: HyperparameterValue {
    public var argument: String { "\(self)" }
}

extension Array: HyperparameterValue where Element == Int {
    /// Comma-separated widths, `50,50,50,50`.
    public var argument: String { map(String.init).joined(separator: ",") }
}

extension HyperparameterValue where Self: RawRepresentable, RawValue == String {
    public var argument: String { rawValue }
}

extension IndexedLayerVariant: HyperparameterValue {}
extension IndexedLayerNormalization: HyperparameterValue {}
extension IndexedLayerInitialization: HyperparameterValue {}
extension Activation: HyperparameterValue {}
extension BatchNormStatistics: HyperparameterValue {}
extension TrainingObjective: HyperparameterValue {}
extension ProductPrecision: HyperparameterValue {}
