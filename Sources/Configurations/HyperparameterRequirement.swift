/// What every value of a hyperparameter must satisfy, checked on the resolved configuration (so a value from a
/// flag, a file, a sweep or an edited `configuration.json` is checked the same way).
public struct HyperparameterRequirement<Value>: Sendable {
    /// The requirement in words that complete "<name> …", e.g. "must be positive".
    public let text: String
    let holds: @Sendable (Value) -> Bool

    public init(_ text: String, holds: @escaping @Sendable (Value) -> Bool) {
        self.text = text
        self.holds = holds
    }
}

extension HyperparameterRequirement where Value == Int {
    /// 1, 2, 3, …
    public static var positive: Self { Self("must be positive") { $0 > 0 } }
    /// 0, 1, 2, …
    public static var nonNegative: Self { Self("must not be negative") { $0 >= 0 } }
    /// `minimum` or more, with the reason a smaller value fails.
    public static func atLeast(_ minimum: Int, because reason: String) -> Self {
        Self("must be at least \(minimum) (\(reason))") { $0 >= minimum }
    }
}

extension HyperparameterRequirement where Value == Double {
    /// A finite number above zero.
    public static var positive: Self { Self("must be positive") { $0 > 0 && $0.isFinite } }
}
