import Foundation
import Tensors
import Flows
import Datasets
import FileSystem

/// A user's files made ready for a flow: columns chosen, rows shuffled and split, discrete columns
/// optionally dequantised, standardisation statistics taken from the training split.
public struct PreparedUserData {
    /// The splits in the data's own units (standardisation is the model's first step, not applied here).
    public var dataset: Dataset
    /// The label column of each split (one column), when `--label-column` named one.
    public var labels: DataSplits?
    /// What was done, for the run's configuration.
    public var preparation: FilePreparation
    /// The training split's mean and std, unless standardisation is off.
    public var standardization: InputStandardization?
    /// The model's context for a conditional run: C encoded features, numeric ones standardised by the training
    /// split's mean and std whatever `standardize` says (c's units do not change the density of x); `nil` otherwise.
    public var context: ContextSpecification?
    /// Warnings for the user (constant columns dropped, discrete-looking columns), one sentence each.
    public var warnings: [String]
}

/// Prepares the user's own files (`lgf train --train-file`) and rebuilds the same splits later.
public enum UserData {
    /// The first preparation of a run: decides which columns to keep (dropping the asked-for, the label and
    /// constant ones), shuffles and carves the splits, measures the steps of discrete-looking columns and
    /// the training split's statistics.
    ///
    /// - Parameter seed: the run's seed; the shuffle and the dequantisation noise use generators derived from it.
    /// - Throws: reader errors; `DatasetError.unknownColumn`, `.noColumnsLeft`, `.columnCountMismatch`, `.tooFewRows`.
    public static func prepare(train: String, validation: String?, test: String?, request: FilePreparationRequest,
                               seed: UInt64) throws -> PreparedUserData {
        let files = try RawFiles(train: train, validation: validation, test: test)
        let header = files.train.columnNames
        let resolve = { (spec: String) in try ColumnReference.resolve(spec, in: files.train, path: train) }
        let label = try request.labelColumn.map(resolve)
        let requested = try request.dropColumns.map(resolve).filter { $0 != label }
        var preparation = FilePreparation(
            fileColumnCount: files.train.columnCount, keptColumns: [], columnNames: nil, droppedColumns: [], labelColumn: label,
            shuffled: request.shuffle && files.needsCarving, shuffleSeed: seed &+ 0x9E37_79B9_7F4A_7C15, carved: files.needsCarving,
            dequantizationSteps: nil, dequantizationSeed: seed &+ 0x3C6E_F372_FE94_F82A)
        for column in Set(requested).sorted() {
            preparation.droppedColumns.append(.init(column: column, name: preparation.name(ofFileColumn: column, header: header), reason: .requested))
        }
        if let label { preparation.droppedColumns.append(.init(column: label, name: preparation.name(ofFileColumn: label, header: header), reason: .label)) }

        let splits = try files.splits(preparation)
        let (context, contextNotes) = try contextColumns(request, train: splits.train, path: train, header: header, resolve: resolve,
                                                         excluded: preparation.droppedColumns)
        preparation.context = context.isEmpty ? nil : context
        let candidates = (1 ... files.train.columnCount).filter { column in
            !preparation.droppedColumns.contains { $0.column == column } && !context.contains { $0.column == column }
        }
        var warnings = contextNotes
        var discreteSteps: [Int: Double] = [:]
        var discrete: [String] = []
        for column in candidates {
            let profile = ColumnProfile(values: splits.train.column(column - 1))
            let name = preparation.name(ofFileColumn: column, header: header)
            if profile.isConstant {
                preparation.droppedColumns.append(.init(column: column, name: name, reason: .constant))
                warnings.append("column \(column) (\(name)) is constant in the training split (\(format(splits.train[0, column - 1]))); it has no density, so it is dropped")
            } else if profile.looksDiscrete {
                discreteSteps[column] = profile.step
                discrete.append("\(name) (\(profile.distinctCount) values, step \(format(profile.step)))")
            }
        }
        if !discrete.isEmpty {
            let advice = request.dequantize ? "dequantised with centred uniform noise as wide as each column's step"
                : "a flow can put spikes of ever higher density on repeated values; --dequantize adds uniform noise as wide as each column's step"
            warnings.append("\(discrete.count == 1 ? "1 column looks" : "\(discrete.count) columns look") discrete (each value repeated "
                + "\(ColumnProfile.minimumRepeats) or more times on average in the \(splits.train.rowCount) training rows): \(discrete.joined(separator: ", ")); \(advice)")
        }
        preparation.keptColumns = candidates.filter { column in !preparation.droppedColumns.contains { $0.column == column } }
        guard !preparation.keptColumns.isEmpty else {
            let setAside = preparation.droppedColumns.map { (column: $0.column, text: "\($0.name) (\($0.reason.rawValue))") }
                + context.map { (column: $0.column, text: "\($0.name) (context)") }
            throw DatasetError.noColumnsLeft(path: train, dropped: setAside.sorted { $0.column < $1.column }.map(\.text))
        }
        preparation.columnNames = header.map { names in preparation.keptColumns.map { names[$0 - 1] } }
        if request.dequantize { preparation.dequantizationSteps = preparation.keptColumns.map { discreteSteps[$0] ?? 0 } }

        let (dataset, labels) = try files.finish(splits, preparation: preparation)
        var standardization: InputStandardization?
        if request.standardize {
            standardization = InputStandardization(mean: dataset.train.columnMeans(), std: dataset.train.columnStandardDeviations())
        }
        let contextSpecification = dataset.context.map { splits in
            ContextSpecification(dimension: context.featureCount, standardization: context.standardization(ofEncoded: splits.train))
        }
        return PreparedUserData(dataset: dataset, labels: labels, preparation: preparation, standardization: standardization,
                                context: contextSpecification, warnings: warnings)
    }

    /// The same splits as `prepare` made, rebuilt from the files and the recorded preparation (nothing is
    /// detected again, so a run reads its data the same way every time).
    ///
    /// - Throws: reader errors; `DatasetError.wrongDimension` when the training file's columns changed.
    public static func load(train: String, validation: String?, test: String?, preparation: FilePreparation) throws -> (dataset: Dataset, labels: DataSplits?) {
        let files = try RawFiles(train: train, validation: validation, test: test)
        guard files.train.columnCount == preparation.fileColumnCount else {
            throw DatasetError.wrongDimension(source: "\(train) (the run was prepared from \(MessageText.count(preparation.fileColumnCount, "column")))",
                                              expected: preparation.fileColumnCount, found: files.train.columnCount)
        }
        return try files.finish(files.splits(preparation), preparation: preparation)
    }

    /// A table from another file (e.g. `lgf evaluate --test-file`) prepared like the run's splits: with all
    /// the training file's columns it is reduced to the modelled ones (and its labels returned); with only
    /// the modelled columns it is used as it is. Dequantised columns get fresh noise from `generator`.
    ///
    /// A conditional run's file needs all the training file's columns: its context columns are encoded as the run's.
    /// - Throws: `DatasetError.wrongDimension` for a conditional run's file without all its columns; `ContextError` for a bad
    ///   context value.
    public static func prepareExternal(_ table: DataTable, preparation: FilePreparation, source: String,
                                       using generator: inout some RandomNumberGenerator) throws -> (points: DataTable, labels: DataTable?, context: DataTable?) {
        var points = table, labels: DataTable?, context: DataTable?
        let hasAllColumns = table.columnCount == preparation.fileColumnCount && table.columnCount != preparation.keptColumns.count
        if hasAllColumns {
            points = table.selectingColumns(preparation.keptColumns.map { $0 - 1 })
            labels = preparation.labelColumn.map { table.selectingColumns([$0 - 1]) }
        }
        if let columns = preparation.context {
            guard hasAllColumns else {
                throw DatasetError.wrongDimension(source: "\(source) (a conditional run scores files with all the columns of its training file, x and its context)",
                                                  expected: preparation.fileColumnCount, found: table.columnCount)
            }
            context = try columns.encode(columns.selecting(from: table), source: source)
        }
        if let steps = preparation.dequantizationSteps, points.columnCount == steps.count {
            points = points.dequantised(steps: steps, using: &generator)
        }
        return (points, labels, context)
    }

    static func format(_ value: Double) -> String { String(format: "%g", value) }
}

/// The user's files as read, before any column is chosen.
private struct RawFiles {
    let trainPath: String
    let train: DataTable
    let validation: DataTable?
    let test: DataTable?

    init(train trainPath: String, validation validationPath: String?, test testPath: String?) throws {
        let trainTable = try TableFile.read(path: trainPath)
        let others = try [validationPath, testPath].map { path in
            try path.map { path -> DataTable in
                let table = try TableFile.read(path: path)
                guard table.columnCount == trainTable.columnCount else {
                    throw DatasetError.columnCountMismatch(firstPath: trainPath, firstColumns: trainTable.columnCount,
                                                           secondPath: path, secondColumns: table.columnCount)
                }
                return table
            }
        }
        self.trainPath = trainPath
        train = trainTable
        validation = others[0]
        test = others[1]
    }

    /// Whether a split has to be carved from the training file.
    var needsCarving: Bool { validation == nil || test == nil }

    /// All columns, split: the training file shuffled first when the preparation says so.
    func splits(_ preparation: FilePreparation) throws -> DataSplits {
        var generator = SplitMix64(seed: preparation.shuffleSeed)
        let source = preparation.shuffled ? train.shuffledRows(using: &generator) : train
        return try SplitRule.maf.completing(train: source, validation: validation, test: test, source: trainPath)
    }

    /// The modelled columns (dequantised if asked) and the labels of each split.
    func finish(_ splits: DataSplits, preparation: FilePreparation) throws -> (Dataset, DataSplits?) {
        let kept = preparation.keptColumns.map { $0 - 1 }
        var generator = SplitMix64(seed: preparation.dequantizationSeed)
        func points(_ table: DataTable) -> DataTable {
            let selected = table.selectingColumns(kept)
            guard let steps = preparation.dequantizationSteps else { return selected }
            return selected.dequantised(steps: steps, using: &generator)
        }
        let features = DataSplits(train: points(splits.train), validation: points(splits.validation), test: points(splits.test))
        let context = try preparation.context.map { columns in
            try DataSplits(train: columns.encode(columns.selecting(from: splits.train), source: "\(trainPath) (training split)"),
                           validation: columns.encode(columns.selecting(from: splits.validation), source: "validation split"),
                           test: columns.encode(columns.selecting(from: splits.test), source: "test split"))
        }
        let labels = preparation.labelColumn.map { column in
            DataSplits(train: splits.train.selectingColumns([column - 1]), validation: splits.validation.selectingColumns([column - 1]),
                       test: splits.test.selectingColumns([column - 1]))
        }
        var url = URL(fileURLWithPath: trainPath)
        if url.pathExtension.lowercased() == "gz" { url.deletePathExtension() }
        let name = url.deletingPathExtension().lastPathComponent
        return (Dataset(name: name, splits: features, context: context), labels)
    }
}
