import ArgumentParser

/// `--json`, for every command that reports: one JSON object as the last line of standard output, for scripts.
struct JSONOption: ParsableArguments {
    @Flag(help: "Print one JSON object as the last line of output (instead of tables and sentences).")
    var json = false
}

/// `--seed`, for every command that draws at random after training (importance samples, samples, figures) or,
/// in `demo` and the benchmarks, also initialises and trains: the same seed gives the same result.
struct SeedOption: ParsableArguments {
    @Option(help: "Seed of every random draw the command makes; the same seed repeats a result exactly.")
    var seed: UInt64 = 0
}
