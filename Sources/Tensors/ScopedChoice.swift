import Synchronization

/// A process-wide choice among an enum's cases, set once (from a command-line option), that a task can override for
/// a scope, e.g. to compare two choices side by side: the storage behind `ConvolutionAlgorithm` and `LayerFusion`.
/// The process-wide value is stored as its index in `allCases`, read by every operation it steers.
package final class ScopedChoice<Value: CaseIterable & Equatable & Sendable>: Sendable where Value.AllCases == [Value] {
    private let index = Atomic<Int>(0)
    private let scoped = TaskLocal<Value?>(wrappedValue: nil)

    package init() {}

    /// The process-wide choice: the first case until set.
    package var choice: Value {
        get { Value.allCases[index.load(ordering: .relaxed)] }
        set { index.store(Value.allCases.firstIndex(of: newValue)!, ordering: .relaxed) }
    }

    /// Runs `body` with `value` in force on the current task, whatever the process-wide `choice`.
    package func with<Result>(_ value: Value, _ body: () throws -> Result) rethrows -> Result {
        try scoped.withValue(value, operation: body)
    }

    /// The choice in force on the current task.
    package var current: Value { scoped.get() ?? choice }
}
