import ArgumentParser
import Foundation
import Experiments
import Tensors
import Datasets

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw samples from a trained run and write them as CSV or .npy (by the file's extension), in the data's own units.",
        discussion: "A CSV gets the training file's column names as its header when that file had them, x1, x2, … otherwise. JSON keys: run, count, output, dimension.")

    @Argument(help: "The run folder written by `lgf train`.")
    var runFolder: String

    @Option(help: "How many samples to draw.")
    var count: Int = 1000

    @Option(name: .shortAndLong, help: "Where to write them: a .csv or .npy path.")
    var output: String = "samples.csv"

    @Option(help: "Which checkpoint: best or latest.")
    var checkpoint: CheckpointChoice = .best

    @Option(help: "Seed of the draws.")
    var seed: UInt64 = 0

    @Flag(help: "Print one JSON object as the last line.")
    var json = false

    struct Result: Encodable { let run: String, count: Int, output: String, dimension: Int }

    func validate() throws {
        if count <= 0 { throw ValidationError("--count must be positive, got \(count)") }
    }

    func run() throws {
        let loaded = try LoadedRun(folder: RunFolder(path: runFolder), checkpoint: checkpoint)
        for note in loaded.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        var generator = SplitMix64(seed: seed)
        let samples = try loaded.model.sample(count: count, generator: &generator)
        let table = DataTable(rowCount: count, columnCount: loaded.model.dimension, values: samples.doubles,
                              columnNames: try loaded.dataColumnNames() ?? (1...loaded.model.dimension).map { "x\($0)" })
        try DataFile.write(table, to: output)
        if json { return try JSONLine.print(Result(run: runFolder, count: count, output: output, dimension: loaded.model.dimension)) }
        print("Wrote \(count) samples of dimension \(loaded.model.dimension) to \(output).")
    }
}
