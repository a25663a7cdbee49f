import SeededRandom
/// What a column of a training split looks like to a density model: constant (no density at all), or
/// discrete-looking (few distinct values, each repeated, on which a flow can put spikes of ever higher
/// density instead of learning the shape).
public struct ColumnProfile: Equatable, Sendable {
    /// The number of distinct values.
    public let distinctCount: Int
    /// The smallest gap between two distinct values (the recording resolution for rounded data), 0 when
    /// the column is constant.
    public let step: Double
    /// The number of rows the profile was taken over.
    public let rowCount: Int

    /// A column with a single value.
    public var isConstant: Bool { distinctCount <= 1 }

    /// A column whose values repeat, on average, at least `minimumRepeats` (4) times: the mark of counts,
    /// scores, categories or coarsely rounded measurements.
    public var looksDiscrete: Bool { !isConstant && distinctCount * Self.minimumRepeats <= rowCount }

    /// The average number of rows per distinct value above which a column counts as discrete.
    public static let minimumRepeats = 4

    /// The profile of `values`.
    public init(values: [Double]) {
        let distinct = Array(Set(values)).sorted()
        distinctCount = distinct.count
        rowCount = values.count
        step = zip(distinct.dropFirst(), distinct).map { $0 - $1 }.min() ?? 0
    }
}

extension DataTable {
    /// The profile of every column, `[columnCount]`.
    public func columnProfiles() -> [ColumnProfile] {
        (0 ..< columnCount).map { ColumnProfile(values: column($0)) }
    }

    /// Every entry of column j moved by uniform noise on (−steps[j]/2, steps[j]/2): dequantisation, which
    /// turns a discrete column into a continuous one whose density integrates the discrete probabilities
    /// over cells of width steps[j] (Uria, Murray & Larochelle 2013; Theis, van den Oord & Bethge 2016).
    /// Columns with a step of 0 are left as they are. The noise is centred, so column means are unchanged
    /// in expectation.
    public func dequantised(steps: [Double], using generator: inout some RandomNumberGenerator) -> DataTable {
        precondition(steps.count == columnCount, "dequantised needs one step per column (\(columnCount)), got \(steps.count)")
        var result = self
        for index in result.values.indices {
            let step = steps[index % columnCount]
            let draw = generator.nextUnitUniform()   // drawn for every entry, so the stream does not depend on the steps
            if step > 0 { result.values[index] += (draw - 0.5) * step }
        }
        return result
    }
}
