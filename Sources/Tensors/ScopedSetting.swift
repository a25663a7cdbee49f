/// A setting chosen once for the process (from a command-line option) that a task can override for a scope, e.g. to
/// compare two choices side by side: `choice`, `with(_:_:)` and `current` come with the conformance, over the storage
/// the conforming type declares (`ScopedChoice`).
public protocol ScopedSetting: CaseIterable, Equatable, Sendable where AllCases == [Self] {
    /// Where the process-wide choice and the task's override are kept.
    static var storage: ScopedChoice<Self> { get }
}

extension ScopedSetting {
    /// The process-wide choice (the first case until set).
    public static var choice: Self {
        get { storage.choice }
        set { storage.choice = newValue }
    }

    /// Runs `body` with `value` in force on the current task, whatever the process-wide `choice`.
    public static func with<Result>(_ value: Self, _ body: () throws -> Result) rethrows -> Result {
        try storage.with(value, body)
    }

    /// The choice in force on the current task.
    public static var current: Self { storage.current }
}
