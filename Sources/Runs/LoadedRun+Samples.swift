import Tensors
import Flows
import Datasets
import Configurations

extension LoadedRun {
    /// Draws at a time: the model's activations are those of one batch whatever the count.
    public static let sampleBatchSize = 10_000

    /// `count` samples of an unconditional vector run as a table in the data's units, with the training file's column
    /// names (x1, x2, … when it had none). Drawn `sampleBatchSize` at a time, after `limits` is checked for all of them.
    /// - Throws: `ExperimentError.exceedsResourceLimit` before anything is drawn when the samples would not fit;
    ///   `DensityError` for a non-positive count or a conditional run.
    public func samples(count: Int, using generator: inout SplitMix64) throws -> DataTable {
        let dimension = model.dimension
        try limits.checkSamples(count: Double(count), valuesEach: dimension, what: "drawing \(count) samples of dimension \(dimension)")
        var values: [Double] = []
        values.reserveCapacity(max(count, 0) * dimension)
        var drawn = 0
        repeat {
            let n = min(Self.sampleBatchSize, count - drawn)
            values += try model.sample(count: n, generator: &generator).doubles
            drawn += n
        } while drawn < count
        return DataTable(rowCount: count, columnCount: dimension, values: values,
                         columnNames: try dataColumnNames() ?? (1...dimension).map { "x\($0)" })
    }
}
