import Tensors
import Flows
import Datasets
import Configurations

extension LoadedRun {
    /// The columns a conditional run's density p(x | c) is given, in their order; `nil` for an unconditional run.
    public var contextColumns: [ContextColumn]? { configuration.preparation?.context }

    /// Context rows for sampling read from a table: its columns are the run's context columns in order, or all the
    /// columns of its training file (whose context columns are then taken).
    /// - Throws: `ContextError.unexpectedContext` for an unconditional run; `.wrongWidth` for a table of another width.
    public func contextRows(of table: DataTable, source: String) throws -> DataTable {
        guard let columns = contextColumns, let preparation = configuration.preparation else { throw ContextError.unexpectedContext(run: folder.path) }
        if table.columnCount == columns.count { return table }
        if table.columnCount == preparation.fileColumnCount { return columns.selecting(from: table) }
        throw ContextError.wrongWidth(source: source, expected: columns.map(\.name), found: table.columnCount)
    }

    /// `count` draws of x for each context row (the run's context columns in their own units; categories by value),
    /// as one table: for each context in turn its `count` draws, x's columns followed by the context's.
    /// Drawn `sampleBatchSize` at a time, after `limits` is checked for all of them.
    /// - Throws: `ExperimentError.exceedsResourceLimit` before anything is drawn when the samples would not fit;
    ///   `ContextError` for an unconditional run or a bad context (its row named); `DensityError` otherwise.
    public func samples(count: Int, givenEach contexts: DataTable, source: String, using generator: inout SplitMix64) throws -> DataTable {
        guard let columns = contextColumns else { throw ContextError.unexpectedContext(run: folder.path) }
        let width = model.dimension + columns.count
        try limits.checkSamples(count: Double(count) * Double(contexts.rowCount), valuesEach: width,
                                what: "drawing \(count) samples for each of \(contexts.rowCount) contexts (\(width) columns each)")
        let encoded = try columns.encode(contexts, source: source)
        var values: [Double] = []
        values.reserveCapacity(contexts.rowCount * count * width)
        for row in 0 ..< contexts.rowCount {
            let c = Tensor(shape: [1, encoded.columnCount], doubles: (0 ..< encoded.columnCount).map { encoded[row, $0] })
            let raw = (0 ..< columns.count).map { contexts[row, $0] }
            var drawn = 0
            repeat {
                let n = min(Self.sampleBatchSize, count - drawn)
                let x = try model.sample(count: n, context: c, generator: &generator).doubles
                for draw in 0 ..< n { values += x[(draw * model.dimension) ..< ((draw + 1) * model.dimension)] + raw }
                drawn += n
            } while drawn < count
        }
        let names = (try dataColumnNames() ?? (1 ... model.dimension).map { "x\($0)" }) + columns.map(\.name)
        return DataTable(rowCount: contexts.rowCount * count, columnCount: model.dimension + columns.count, values: values, columnNames: names)
    }
}
