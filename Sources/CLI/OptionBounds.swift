import ArgumentParser

/// The lower bounds of integer options, checked in one place with one message.
enum OptionBounds {
    /// - Parameter bounds: each option's flag, value (`nil`: not given, which passes) and least allowed value.
    /// - Throws: `ValidationError` "--name must be at least m, got v" for the first option below its bound.
    static func check(_ bounds: [(flag: String, value: Int?, minimum: Int)]) throws {
        for (flag, value, minimum) in bounds {
            if let value, value < minimum { throw ValidationError("\(flag) must be at least \(minimum), got \(value)") }
        }
    }
}
