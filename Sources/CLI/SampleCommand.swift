import ArgumentParser
import Foundation
import Tensors
import Datasets
import Runs
import Figures

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw samples from a trained run and write them as CSV or .npy (by the file's extension), in the data's own units.",
        discussion: "A CSV gets the training file's column names as its header when that file had them, x1, x2, … otherwise. An image run writes a PNG grid of samples instead (--grid 8x8 --output samples.png; pixels on 0…255). JSON keys: run, count, output, dimension.")

    @OptionGroup var trained: TrainedRunOptions

    @Option(help: "How many samples to draw.")
    var count: Int = 1000

    @Option(name: .shortAndLong, help: "Where to write them: a .csv or .npy path.")
    var output: String = Sample.defaultOutput

    /// The default of `--output`, a CSV for vector runs (image runs write `samples.png` instead).
    static let defaultOutput = "samples.csv"

    @OptionGroup var random: SeedOption

    @Option(help: "Image runs: rows x columns of the PNG grid of samples (default 8x8; the count is rows × columns).")
    var grid: GridSize?

    @OptionGroup var format: JSONOption

    struct Result: Encodable { let run: String, count: Int, output: String, dimension: Int }

    func validate() throws {
        try OptionBounds.check([("--count", count, 1)])
    }

    func run() throws {
        let loaded = try trained.load()
        var generator = SplitMix64(seed: random.seed)
        if loaded.configuration.image != nil { return try writeImageGrid(loaded, using: &generator) }
        if grid != nil { throw ValidationError("--grid is for image runs; \(trained.runFolder) models vectors (write them with --count and --output FILE.csv or .npy)") }
        let samples = try loaded.model.sample(count: count, generator: &generator)
        let table = DataTable(rowCount: count, columnCount: loaded.model.dimension, values: samples.doubles,
                              columnNames: try loaded.dataColumnNames() ?? (1...loaded.model.dimension).map { "x\($0)" })
        try TableFile.write(table, to: output)
        if format.json { return try JSONLine.print(Result(run: trained.runFolder, count: count, output: output, dimension: loaded.model.dimension)) }
        print("Wrote \(count) samples of dimension \(loaded.model.dimension) to \(output).")
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
        let images = try loaded.sampleImages(count: size.count, using: &generator)
        let (width, height) = try images.writeGrid(rows: size.rows, columns: size.columns, to: output)
        if format.json { return try JSONLine.print(Result(run: trained.runFolder, count: size.count, output: output, dimension: images.pixelsPerImage)) }
        print("Wrote \(size.rows) × \(size.columns) samples of \(images.channels)×\(images.height)×\(images.width) to \(output) (\(width) × \(height) pixels).")
    }
}
