import Foundation

/// Prints one JSON object on one line: with `--json` every command ends its output with exactly one.
enum JSONLine {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        Console.writeOutput(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}
