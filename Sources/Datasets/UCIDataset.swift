/// The four UCI density-estimation benchmarks, read from the canonical files and preprocessed exactly
/// as the MAF code does (Papamakarios et al., *Masked Autoregressive Flow for Density Estimation*,
/// NeurIPS 2017, arXiv:1705.07057, §4).
public enum UCIDataset: String, CaseIterable, Sendable {
    /// Household electric power consumption, 6 dimensions.
    case power
    /// Gas sensor array under dynamic gas mixtures (ethylene and CO), 8 dimensions.
    case gas
    /// Particle collisions, signal events of the mass-1000 set, 21 dimensions.
    case hepmass
    /// MiniBooNE particle identification, 43 dimensions.
    case miniboone

    /// The name as papers print it, e.g. `MINIBOONE`.
    public var displayName: String { rawValue.uppercased() }

    /// The number of columns after preprocessing.
    public var dimension: Int {
        switch self {
        case .power: return 6
        case .gas: return 8
        case .hepmass: return 21
        case .miniboone: return 43
        }
    }

    /// The published train / validation / test sizes (the MAF code's splits; Papamakarios et al. 2017, §4).
    public var canonicalSizes: SplitSizes {
        switch self {
        case .power: return SplitSizes(train: 1_659_917, validation: 184_435, test: 204_928)
        case .gas: return SplitSizes(train: 852_174, validation: 94_685, test: 105_206)
        case .hepmass: return SplitSizes(train: 315_123, validation: 35_013, test: 174_987)
        case .miniboone: return SplitSizes(train: 29_556, validation: 3_284, test: 3_648)
        }
    }

    /// The sizes `SplitSizeCheck.canonical` accepts. For GAS these include the full UCI file
    /// (4,208,261 rows): MAF's pickle is a 25 % random subsample of it (1,052,065 rows) that cannot be
    /// redrawn, so results on the full file are comparable in kind but not in sample.
    public var acceptedSizes: [SplitSizes] {
        switch self {
        case .gas: return [canonicalSizes, SplitRule.maf.sizes(rowCount: 4_208_261)]
        case .power, .hepmass, .miniboone: return [canonicalSizes]
        }
    }

    /// The files this dataset reads, relative to the data directory, with what each one is.
    public var requiredFiles: [(path: String, description: String)] {
        switch self {
        case .power: return [("power/data.npy", "the MAF archive's POWER array (2,049,280 × 8)")]
        case .gas: return [("gas/ethylene_CO.txt", "UCI's ethylene_CO.txt (a title line, then 19 columns)")]
        case .hepmass: return [("hepmass/1000_train.csv", "UCI's HEPMASS 1000_train.csv"),
                               ("hepmass/1000_test.csv", "UCI's HEPMASS 1000_test.csv")]
        case .miniboone: return [("miniboone/data.npy", "the MAF archive's MINIBOONE array (36,488 × 43)")]
        }
    }

    /// Reads and preprocesses the dataset from `directory`.
    ///
    /// - Parameter sizeCheck: `.canonical` (default) throws unless the splits have the published sizes
    ///   and dimension; `.skipped` accepts any size.
    /// - Returns: standardised train, validation and test tables, `[rows, dimension]`.
    /// - Throws: `DatasetError.fileNotFound` naming the full path; reader errors; preprocessing errors;
    ///   `.unexpectedSplitSizes` or `.wrongDimension` from the canonical check.
    public func load(from directory: DataDirectory, sizeCheck: SplitSizeCheck = .canonical) throws -> DataSplits {
        let paths = try requiredFiles.map { file in
            try directory.existingFile(file.path, neededBy: displayName, description: file.description)
        }
        let splits: DataSplits
        switch self {
        case .power:
            splits = try PowerPreprocessing.splits(from: NPYReader.read(path: paths[0]), source: paths[0])
        case .gas:
            splits = try GasPreprocessing.splits(from: CSVReader.read(path: paths[0], header: .detectIgnoringNames),
                                                 source: paths[0])
        case .hepmass:
            splits = try HepmassPreprocessing.splits(train: CSVReader.read(path: paths[0]), test: CSVReader.read(path: paths[1]),
                                                     trainSource: paths[0], testSource: paths[1])
        case .miniboone:
            splits = try MiniBoonePreprocessing.splits(from: NPYReader.read(path: paths[0]), source: paths[0])
        }
        if sizeCheck == .canonical {
            let source = paths.joined(separator: " and ")
            guard acceptedSizes.contains(splits.sizes) else {
                throw DatasetError.unexpectedSplitSizes(dataset: displayName, source: source,
                                                        expected: canonicalSizes, found: splits.sizes)
            }
            guard splits.train.columnCount == dimension else {
                throw DatasetError.wrongDimension(source: "\(displayName) preprocessed from \(source)",
                                                  expected: dimension, found: splits.train.columnCount)
            }
        }
        return splits
    }
}
