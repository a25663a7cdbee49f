import Synchronization

/// A process-wide choice among an enum's cases, set once (from a command-line option), that a task can override for
/// a scope, e.g. to compare two choices side by side: the storage behind a `ScopedSetting` (`ConvolutionAlgorithm`, `LayerFusion`).
/// The process-wide value is stored as its index in `allCases`, read by every operation it steers.
public final class ScopedChoice<Value: CaseIterable & Equatable & Sendable>: Sendable where Value.AllCases == [Value] {
    private let index = Atomic<Int>(0)
    private let scoped = TaskLocal<Value?>(wrappedValue: nil)

    public init() {}

    /// The process-wide choice: the first case until set.
    public var choice: Value {
        get { Value.allCases[index.load(ordering: .relaxed)] }
        set { index.store(Value.allCases.firstIndex(of: newValue)!, ordering: .relaxed) }
    }

    /// Runs `body` with `value` in force on the current task, whatever the process-wide `choice`.
    public func with<Result>(_ value: Value, _ body: () throws -> Result) rethrows -> Result {
        try scoped.withValue(value, operation: body)
    }

    /// The choice in force on the current task.
    public var current: Value { scoped.get() ?? choice }
}
