/// How a run turned the user's files into its splits, recorded in `configuration.json` (and so in every
/// checkpoint) so that evaluation, sampling, plotting and `--resume` rebuild exactly the same splits:
/// which columns were kept, whether and how the training file was shuffled before validation and test were
/// carved from it, and the dequantisation noise. The standardisation itself is part of the model
/// (`ModelSpecification.inputStandardization`), since it changes the density's units.
public struct FilePreparation: Sendable, Codable, Equatable {
    /// Why a column of the file is not modelled.
    public enum DropReason: String, Sendable, Codable {
        /// Named by `--drop-columns`.
        case requested
        /// The label or target column (`--label-column`), kept beside the points for per-point output.
        case label
        /// Constant in the training split: it has no density, so it is dropped (with a warning).
        case constant
    }

    /// A column left out of the model.
    public struct DroppedColumn: Sendable, Codable, Equatable {
        /// 1-based, as a text editor or `cut -f` counts.
        public var column: Int
        public var name: String
        public var reason: DropReason
    }

    /// The number of columns in the training file.
    public var fileColumnCount: Int
    /// The modelled columns, 1-based, in file order.
    public var keptColumns: [Int]
    /// The header's names of the modelled columns, `nil` when the file has no header.
    public var columnNames: [String]?
    /// Columns left out, and why.
    public var droppedColumns: [DroppedColumn]
    /// The label column (1-based), if any.
    public var labelColumn: Int?
    /// Whether the training file's rows were shuffled (by `SplitMix64(seed: shuffleSeed)`) before validation
    /// and test were carved from its end; `false` with `--no-shuffle` or when both splits came as files.
    public var shuffled: Bool
    public var shuffleSeed: UInt64
    /// Whether validation and test rows were carved from the training file (false when both came as files).
    public var carved: Bool
    /// Per modelled column, the width of the uniform noise added by `--dequantize` (0: none); `nil` without it.
    public var dequantizationSteps: [Double]?
    /// Seeds the dequantisation noise of the run's own splits (train, then validation, then test).
    public var dequantizationSeed: UInt64
    /// The columns a conditional density p(x | c) is given (c, in this order), not modelled; `nil` for an
    /// unconditional run (and for runs made before contexts existed).
    public var context: [ContextColumn]?

    /// The name of 1-based file column `column`: its header name, else `column N`.
    func name(ofFileColumn column: Int, header: [String]?) -> String {
        header.map { $0[column - 1] } ?? "column \(column)"
    }
}

/// What the user asked for when preparing their files (the CLI's flags).
public struct FilePreparationRequest: Sendable, Equatable {
    /// Standardise by the training split's mean and std (as the model's first step); on by default.
    public var standardize = true
    /// Shuffle the training file's rows (seeded) before carving validation and test from it; on by default.
    public var shuffle = true
    /// Add uniform noise of each discrete-looking column's step.
    public var dequantize = false
    /// Columns to leave out: header names or 1-based numbers.
    public var dropColumns: [String] = []
    /// A label or target column to leave out of the model but keep beside each point: a name or a number.
    public var labelColumn: String?
    /// Columns to condition on, p(x | c): names or numbers. Categorical ones are detected (integer values, few of
    /// them) unless `categoricalContext` is given.
    public var contextColumns: [String] = []
    /// Context columns declared categorical (one-hot encoded); the other context columns are then numeric.
    public var categoricalContext: [String] = []

    public init(standardize: Bool = true, shuffle: Bool = true, dequantize: Bool = false, dropColumns: [String] = [], labelColumn: String? = nil,
                contextColumns: [String] = [], categoricalContext: [String] = []) {
        self.standardize = standardize
        self.shuffle = shuffle
        self.dequantize = dequantize
        self.dropColumns = dropColumns
        self.labelColumn = labelColumn
        self.contextColumns = contextColumns
        self.categoricalContext = categoricalContext
    }
}
