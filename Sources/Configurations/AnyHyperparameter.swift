/// A hyperparameter of any value type, as `Hyperparameters.all` lists it: what the table's users do with every entry
/// (code it, merge it, land it, check it) without knowing its value type.
public struct AnyHyperparameter: Sendable {
    let base: any TypeErasedHyperparameter

    public init<Value>(_ entry: Hyperparameter<Value>) { base = entry }

    public var key: String { base.key }
    public var name: String { base.name }
    public var help: String { base.help }
    public var scope: HyperparameterScope { base.scope }
    public var onResume: ResumeRule { base.onResume }
    /// The type of its values.
    public var valueType: any HyperparameterValue.Type { base.valueType }

    /// Whether `overrides` gives this hyperparameter.
    public func isGiven(in overrides: ConfigurationOverrides) -> Bool { base.isGiven(in: overrides) }
}

/// The operations on a hyperparameter that need no knowledge of its value type.
protocol TypeErasedHyperparameter: Sendable {
    var key: String { get }
    var name: String { get }
    var help: String { get }
    var scope: HyperparameterScope { get }
    var onResume: ResumeRule { get }
    var valueType: any HyperparameterValue.Type { get }
    func isGiven(in overrides: ConfigurationOverrides) -> Bool
    /// Whether both give the same value, or neither gives one.
    func hasSameValue(in first: ConfigurationOverrides, and second: ConfigurationOverrides) -> Bool
    /// Gives `merged` the value of `other` unless it has one of its own.
    func copyIfUnset(into merged: inout ConfigurationOverrides, from other: ConfigurationOverrides)
    func decode(into overrides: inout ConfigurationOverrides, from container: KeyedDecodingContainer<HyperparameterKey>) throws
    func encode(_ overrides: ConfigurationOverrides, into container: inout KeyedEncodingContainer<HyperparameterKey>) throws
    /// Puts the given value, if any, into its field.
    func land(_ overrides: ConfigurationOverrides, in targets: inout HyperparameterTargets)
    func check(_ targets: HyperparameterTargets) throws
    /// Whether `overrides` gives a value other than the one `targets` holds.
    func differs(_ overrides: ConfigurationOverrides, from targets: HyperparameterTargets) -> Bool
    /// The given value as its flag takes it.
    func argument(in overrides: ConfigurationOverrides) -> String?
    /// "up to 5 epochs (was 3)": the given value beside the one `targets` holds.
    func change(_ overrides: ConfigurationOverrides, from targets: HyperparameterTargets) -> String?
    /// Sets its field to the value of `HyperparameterTargets.reference` (absent for an optional setting that is off
    /// there), so that configurations differing only in it become equal.
    func neutralize(_ targets: inout HyperparameterTargets)
}

extension Hyperparameter: TypeErasedHyperparameter {
    var valueType: any HyperparameterValue.Type { Value.self }

    func isGiven(in overrides: ConfigurationOverrides) -> Bool { overrides[self] != nil }

    func hasSameValue(in first: ConfigurationOverrides, and second: ConfigurationOverrides) -> Bool { first[self] == second[self] }

    func copyIfUnset(into merged: inout ConfigurationOverrides, from other: ConfigurationOverrides) {
        if merged[self] == nil { merged[self] = other[self] }
    }

    func decode(into overrides: inout ConfigurationOverrides, from container: KeyedDecodingContainer<HyperparameterKey>) throws {
        overrides[self] = try container.decodeIfPresent(Value.self, forKey: HyperparameterKey(key))
    }

    func encode(_ overrides: ConfigurationOverrides, into container: inout KeyedEncodingContainer<HyperparameterKey>) throws {
        try container.encodeIfPresent(overrides[self], forKey: HyperparameterKey(key))
    }

    func land(_ overrides: ConfigurationOverrides, in targets: inout HyperparameterTargets) {
        if let value = overrides[self] { field.write(&targets, value) }
    }

    func differs(_ overrides: ConfigurationOverrides, from targets: HyperparameterTargets) -> Bool {
        guard let value = overrides[self] else { return false }
        return field.read(targets) != value
    }

    func argument(in overrides: ConfigurationOverrides) -> String? { overrides[self]?.argument }

    func change(_ overrides: ConfigurationOverrides, from targets: HyperparameterTargets) -> String? {
        guard let value = overrides[self] else { return nil }
        return "\(describe(value)) (was \(field.read(targets)?.argument ?? "none"))"
    }

    func neutralize(_ targets: inout HyperparameterTargets) { field.copy(HyperparameterTargets.reference, &targets) }
}

/// A configuration file's key.
struct HyperparameterKey: CodingKey {
    let stringValue: String
    init(_ key: String) { stringValue = key }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
