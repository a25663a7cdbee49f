import Foundation
import Testing
import ArgumentParser
@testable import CLI

/// `--count -5`, `--seed -1`, `--hidden -1` and thirty more were answered "Missing value for '--count'", as if nothing
/// had been given: the argument parser takes a word starting with "-" for the next option unless the option parses its
/// value unconditionally. Every option that takes a number now does, so the value reaches its own check.
struct NegativeNumberOptionTests {
    /// Every command of `lgf` that runs (not the groups), with its words on the command line.
    static func commands(_ type: ParsableCommand.Type = LGF.self, path: [String] = []) -> [(path: [String], type: ParsableCommand.Type)] {
        let subcommands = type.configuration.subcommands
        if subcommands.isEmpty { return [(path, type)] }
        return subcommands.flatMap { commands($0, path: path + [$0._commandName]) }
    }

    /// The options of `type` that take a value, as its help lists them (`--name <value>`).
    static func valueOptions(of type: ParsableCommand.Type) -> [String] {
        LGF.helpMessage(for: type, columns: 10_000).split(separator: "\n").compactMap { line in
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
            guard let index = words.firstIndex(where: { $0.hasPrefix("--") }), index + 1 < words.count, words[index + 1].hasPrefix("<") else { return nil }
            return words[index].trimmingCharacters(in: CharacterSet(charactersIn: ","))
        }
    }

    /// The message of parsing `arguments` (validation included), or nil when they parse.
    static func message(_ arguments: [String]) -> String? {
        do {
            _ = try LGF.parseAsRoot(arguments)
            return nil
        } catch {
            return LGF.fullMessage(for: error)
        }
    }

    @Test func everyNumericOptionTakesANegativeValueAndNamesIt() {
        var numeric = 0
        for (path, type) in Self.commands() {
            // Commands with positional arguments get a placeholder, so that the option is what the parser judges.
            let positional = LGF.helpMessage(for: type, columns: 10_000).contains("ARGUMENTS:") ? ["placeholder"] : []
            for option in Self.valueOptions(of: type) {
                func invalid(_ value: String) -> Bool {
                    Self.message(path + positional + [option, value])?.contains("The value '\(value)' is invalid for '\(option)") == true
                }
                // A number option takes 1 and refuses a word; text options (paths, names) take both and are left alone.
                guard !invalid("1"), invalid("abc") else { continue }
                numeric += 1
                let message = Self.message(path + positional + [option, "-1"]) ?? ""
                #expect(!message.contains("Missing value"), "lgf \(path.joined(separator: " ")) \(option) -1: \(message)")
            }
        }
        #expect(numeric >= 60, "found only \(numeric) numeric options: the help format changed?")
    }

    @Test(arguments: [(["sample", "run", "--count", "-5"], "--count must be at least 1, got -5"),
                      (["describe", "--dataset", "2uniforms", "--hidden", "-1"], "hiddenCounts is [-1]"),
                      (["describe", "--dataset", "2uniforms", "--memory-limit", "-1"], "--memory-limit must be a positive number of GiB, got -1"),
                      (["sweep", "spec.yaml", "--output", "out", "--jobs", "-2"], "-2")])
    func aNegativeValueIsNamedInTheMessage(arguments: [String], fragment: String) {
        let message = Self.message(arguments) ?? CLIHarness.failure(arguments)?.message ?? ""
        #expect(message.contains(fragment) && !message.contains("Missing value"), "\(arguments): \(message)")
    }
}
