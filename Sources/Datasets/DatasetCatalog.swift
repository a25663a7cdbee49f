/// Every dataset the project knows by name: the ten 2-D targets and the four UCI sets.
public enum DatasetCatalog: Equatable, Sendable {
    /// A synthetic 2-D target, sampled afresh.
    case twoDimensional(TwoDimensionalTarget)
    /// A UCI set read from the data directory.
    case uci(UCIDataset)

    /// Every valid name, 2-D targets first: `2uniforms`, …, `split-gaussian`, `power`, `gas`, `hepmass`, `miniboone`.
    public static var allNames: [String] {
        TwoDimensionalTarget.allCases.map(\.rawValue) + UCIDataset.allCases.map(\.rawValue)
    }

    /// The dataset called `name` (exact, lower-case spelling as in `allNames`).
    ///
    /// - Throws: `DatasetError.unknownDataset` listing every valid name.
    public init(name: String) throws {
        if let target = TwoDimensionalTarget(rawValue: name) {
            self = .twoDimensional(target)
        } else if let uci = UCIDataset(rawValue: name) {
            self = .uci(uci)
        } else {
            throw DatasetError.unknownDataset(name: name, known: Self.allNames)
        }
    }

    /// The dataset's name as `init(name:)` accepts it.
    public var name: String {
        switch self {
        case let .twoDimensional(target): return target.rawValue
        case let .uci(uci): return uci.rawValue
        }
    }
}
