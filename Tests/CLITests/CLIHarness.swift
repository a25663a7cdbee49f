import Foundation
import ArgumentParser
@testable import CLI
import TestSupport

/// Runs `lgf` in-process exactly as the executable does: parse the arguments, then run the command;
/// errors come back with the message and exit code the tool would print.
enum CLIHarness {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        let exitCode: Int32
        var description: String { "exit \(exitCode): \(message)" }
    }

    /// Runs `arguments`; what the command prints is captured (the test log stays quiet) and returned.
    @discardableResult
    static func run(_ arguments: [String]) throws -> Console.Capture {
        let capture = Console.Capture()
        do {
            try Console.$capture.withValue(capture) {
                var command = try LGF.parseAsRoot(arguments)
                try command.run()
            }
            return capture
        } catch {
            throw Failure(message: LGF.fullMessage(for: error), exitCode: LGF.exitCode(for: error).rawValue)
        }
    }

    /// The failure of a command that must fail.
    static func failure(_ arguments: [String]) -> Failure? {
        do {
            try run(arguments)
            return nil
        } catch let failure as Failure {
            return failure
        } catch {
            return Failure(message: "\(error)", exitCode: 1)
        }
    }

    /// A fresh empty folder, removed with the process's `ScratchRoot`.
    static func scratchFolder(_ name: String) -> String { ScratchRoot.folder(name) }

    /// The repository's test files (`Tests/Fixtures`; licences and attribution in its README.md).
    static let fixtures: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// Flags that make any model tiny and an epoch quick.
    static let tinyModel = ["--layers", "2", "--hidden", "8,8", "--index-dimension", "1", "--shift-scale-hidden", "4",
                            "--prior-hidden", "8", "--posterior-hidden", "8", "--train-draws", "2", "--validation-samples", "3"]
}
