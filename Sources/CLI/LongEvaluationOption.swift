import ArgumentParser

/// `--allow-long-evaluation`, for the commands that estimate log-likelihoods by importance sampling (`train` each
/// epoch, `evaluate` once): without it an evaluation estimated to take more than an hour is refused before it starts.
struct LongEvaluationOption: ParsableArguments {
    @Flag(help: "Run evaluations estimated to take more than an hour (K × points × the model's size; for train, each epoch's validation); refused otherwise.")
    var allowLongEvaluation = false

    /// Whether an evaluation's expected time is checked against the hour.
    var checksTime: Bool { !allowLongEvaluation }
}
