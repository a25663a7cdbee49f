import ArgumentParser
import Foundation
import Tensors
import Datasets
import Runs
import Figures
import Configurations

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw samples from a trained run and write them as CSV or .npy (by the file's extension), in the data's own units.",
        discussion: "A CSV gets the training file's column names as its header when that file had them, x1, x2, … otherwise. A conditional run samples x given each context of --context or --context-file (--count each) and writes the context's columns after x's. An image run writes a PNG grid of samples instead (--grid 8x8 --output samples.png; pixels on 0…255). JSON keys: run, count, output, dimension.")

    @OptionGroup var trained: TrainedRunOptions

    @Option(parsing: .unconditional, help: "How many samples to draw (for a conditional run: per context).")
    var count: Int = 1000

    @Option(help: "A conditional run's context, one value per context column in the run's order and units (a category by its value), e.g. \"0.5,1.2\".")
    var context: String?

    @Option(help: "A CSV or .npy file of contexts of a conditional run, one per row: its context columns, or all the columns of its training file; --count draws each.", completion: .file())
    var contextFile: String?

    @Option(name: .shortAndLong, help: "Where to write them: a .csv or .npy path.", completion: .file())
    var output: String = Sample.defaultOutput

    /// The default of `--output`, a CSV for vector runs (image runs write `samples.png` instead).
    static let defaultOutput = "samples.csv"

    @OptionGroup var random: SeedOption

    @Option(parsing: .unconditional, help: "Image runs: rows x columns of the PNG grid of samples (default 8x8; the count is rows × columns).")
    var grid: GridSize?

    @OptionGroup var format: JSONOption

    struct Result: Encodable { let run: String, count: Int, output: String, dimension: Int }

    func validate() throws {
        try OptionBounds.check([("--count", count, 1)])
        if context != nil && contextFile != nil { throw ValidationError("give either --context or --context-file, not both") }
    }

    func run() throws {
        let loaded = try trained.load()
        var generator = SplitMix64(seed: random.seed)
        if loaded.configuration.image != nil { return try writeImageGrid(loaded, using: &generator) }
        try OutputTarget.check(output, flag: "--output", keeping: loaded.folder.filesToKeep() + (contextFile.map { [($0, "the context file (--context-file)")] } ?? []))
        if grid != nil { throw ValidationError("--grid is for image runs; \(trained.runFolder) models vectors (write them with --count and --output FILE.csv or .npy)") }
        let table: DataTable
        if let contexts = try contextRows(of: loaded) {
            table = try loaded.samples(count: count, givenEach: contexts, source: context.map { _ in "--context" } ?? contextFile ?? "", using: &generator)
        } else {
            table = try loaded.samples(count: count, using: &generator)
        }
        try TableFile.write(table, to: output)
        if format.json { return try JSONLine.print(Result(run: trained.runFolder, count: table.rowCount, output: output, dimension: loaded.model.dimension)) }
        let given = loaded.contextColumns.map { columns in ", each row followed by its context (\(columns.map(\.name).joined(separator: ", ")))" } ?? ""
        print("Wrote \(table.rowCount) samples of dimension \(loaded.model.dimension) to \(output)\(given).")
    }
}

extension Sample {
    /// Samples of an image run drawn as a grid of tiles (image i at row i / columns, column i % columns), written as a
    /// PNG atomically.
    func writeImageGrid(_ loaded: LoadedRun, using generator: inout SplitMix64) throws {
        let size = grid ?? GridSize(rows: 8, columns: 8)
        // The default --output names a CSV, which suits vectors; an image run's default is the PNG beside it.
        let output = self.output == Self.defaultOutput ? "samples.png" : self.output
        guard output.lowercased().hasSuffix(".png") else {
            throw ValidationError("an image run's samples are written as a PNG grid; give --output FILE.png, got \(output)")
        }
        try OutputTarget.check(output, flag: "--output", keeping: loaded.folder.filesToKeep())
        let images = try loaded.sampleImages(count: size.count, using: &generator)
        let (width, height) = try images.writeGrid(rows: size.rows, columns: size.columns, to: output)
        if format.json { return try JSONLine.print(Result(run: trained.runFolder, count: size.count, output: output, dimension: images.pixelsPerImage)) }
        print("Wrote \(size.rows) × \(size.columns) samples of \(images.channels)×\(images.height)×\(images.width) to \(output) (\(width) × \(height) pixels).")
    }
}

extension Sample {
    /// The contexts to sample a conditional run given, in the run's context columns; `nil` for an unconditional run.
    /// - Throws: `ContextError.contextRequired` for a conditional run without contexts, `.unexpectedContext` for contexts
    ///   given to an unconditional run; errors of reading the context file.
    func contextRows(of loaded: LoadedRun) throws -> DataTable? {
        guard let columns = loaded.contextColumns else {
            if context != nil || contextFile != nil { throw ContextError.unexpectedContext(run: trained.runFolder) }
            return nil
        }
        if let context {
            let values = try context.split(separator: ",", omittingEmptySubsequences: false).map { text in
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard let value = Double(trimmed) else { throw ValidationError("--context: \"\(trimmed)\" is not a number (give one value per context column: \(columns.map(\.name).joined(separator: ", ")))") }
                return value
            }
            guard values.count == columns.count else { throw ContextError.wrongWidth(source: "--context", expected: columns.map(\.name), found: values.count) }
            return DataTable(rows: [values])
        }
        if let contextFile { return try loaded.contextRows(of: TableFile.read(path: contextFile), source: contextFile) }
        throw ContextError.contextRequired(run: trained.runFolder, columns: columns.map(\.summary),
                                           advice: "give --context with one value per column (e.g. --context \(columns.map { ContextColumn.format($0.categories?.first ?? 0) }.joined(separator: ",")))) or --context-file")
    }
}
