import Foundation

/// A named dataset ready for training: three tables with the same columns and, where known, the best
/// achievable test log-likelihood.
public struct Dataset: Sendable {
    /// The catalogue name (`miniboone`, `8gaussians`, …) or, for user files, the train file's base name.
    public let name: String
    /// Rows used for fitting, `[trainCount, dimension]`.
    public let train: DataTable
    /// Rows used for early stopping and model selection, `[validationCount, dimension]`.
    public let validation: DataTable
    /// Rows held out for the final report, `[testCount, dimension]`.
    public let test: DataTable
    /// E[log p*(x)] in nats where the true density is known (2-D targets), else `nil`.
    public let optimum: Double?
    /// The context c of every row of each split, for a conditional density p(x | c) (row i of `context.train`
    /// belongs to row i of `train`); `nil` for an unconditional dataset.
    public let context: DataSplits?

    /// Groups named splits and, for a conditional density, their context rows.
    public init(name: String, splits: DataSplits, optimum: Double? = nil, context: DataSplits? = nil) {
        if let context {
            precondition(context.sizes == splits.sizes, "a context needs one row per data row in every split")
        }
        self.name = name
        train = splits.train
        validation = splits.validation
        test = splits.test
        self.optimum = optimum
        self.context = context
    }

    /// The number of columns (features) of every split.
    public var dimension: Int { train.columnCount }

    /// The three tables together.
    public var splits: DataSplits { DataSplits(train: train, validation: validation, test: test) }

    /// Loads a catalogue dataset; a 2-D target is drawn with `generator`.
    ///
    /// - Parameters:
    ///   - name: one of `DatasetCatalog.allNames`.
    ///   - dataDirectory: where UCI files live (unused for 2-D targets).
    ///   - sizeCheck: see `UCIDataset.load(from:sizeCheck:)`.
    /// - Throws: `DatasetError.unknownDataset` listing valid names; any error of `UCIDataset.load`.
    public static func load(name: String, dataDirectory: DataDirectory = .resolve(),
                            using generator: inout some RandomNumberGenerator,
                            sizeCheck: SplitSizeCheck = .canonical) throws -> Dataset {
        switch try DatasetCatalog(name: name) {
        case let .twoDimensional(target):
            return Dataset(name: name, splits: target.splits(using: &generator), optimum: target.optimum)
        case let .uci(uci):
            return Dataset(name: name, splits: try uci.load(from: dataDirectory, sizeCheck: sizeCheck))
        }
    }

    /// Loads a catalogue dataset; a 2-D target is drawn from a Mersenne Twister seeded with `seed`
    /// (UCI sets ignore the seed: their preprocessing is fixed, as in MAF).
    public static func load(name: String, dataDirectory: DataDirectory = .resolve(), seed: UInt64,
                            sizeCheck: SplitSizeCheck = .canonical) throws -> Dataset {
        var generator = MersenneTwister(seed64: seed)
        return try load(name: name, dataDirectory: dataDirectory, using: &generator, sizeCheck: sizeCheck)
    }
}
