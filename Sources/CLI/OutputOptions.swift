import ArgumentParser
import Foundation

/// `--json`, for every command that reports: one JSON object as the last line of standard output, for scripts.
struct JSONOption: ParsableArguments {
    @Flag(help: "Print one JSON object as the last line of output (instead of tables and sentences).")
    var json = false

    /// Prints a benchmark's `result` as one JSON line with `--json` (sorted keys; a non-finite figure as "inf",
    /// "-inf" or "nan"), else its `summary`.
    func show(_ result: some Encodable, summary: @autoclosure () -> String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(summary())
        }
    }
}

/// `--seed`, for every command that draws at random after training (importance samples, samples, figures) or,
/// in `demo` and the benchmarks, also initialises and trains: the same seed gives the same result.
struct SeedOption: ParsableArguments {
    @Option(parsing: .unconditional, help: "Seed of every random draw the command makes; the same seed repeats a result exactly.")
    var seed: UInt64 = 0
}
