/// The numbers of rows in the train, validation and test splits: rows used for fitting, for early stopping and
/// model selection, and held out for the final report.
public struct SplitSizes: Equatable, Sendable, CustomStringConvertible {
    public var train, validation, test: Int

    /// Groups three split sizes.
    public init(train: Int, validation: Int, test: Int) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// `train / validation / test` with thousands separators, e.g. `29,556 / 3,284 / 3,648`.
    public var description: String {
        [train, validation, test].map(groupedDigits).joined(separator: " / ")
    }
}

/// `value` written with a comma between groups of three digits, e.g. `1,659,917`.
func groupedDigits(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var grouped = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
        grouped.append(digit)
    }
    return value < 0 ? "-" + grouped : grouped
}
