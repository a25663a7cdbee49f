/// Stops the program with `message` when `condition` is false: the check for programmer errors such as
/// mismatched shapes in tensor arithmetic.
///
/// Unlike the standard `precondition`, whose message is dropped in optimised builds, this prints the
/// message (naming the operation and the shapes involved) in every build configuration.
@inline(__always)
package func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}

/// Stops the program with `message` (an unreachable state reached through a programmer error).
package func requirementFailure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message(), file: file, line: line)
}
