import ArgumentParser
import Foundation
import Runs

extension CheckpointChoice: ExpressibleByArgument {}

/// The run that `evaluate` and `sample` use: its folder and which of its checkpoints.
struct TrainedRunOptions: ParsableArguments {
    @Argument(help: "The run folder written by `lgf train`.", completion: .directory)
    var runFolder: String

    @Option(help: "Which checkpoint: the best by validation, or the latest epoch's.")
    var checkpoint: CheckpointChoice = .best

    @OptionGroup var memory: MemoryLimitOption

    /// The run with the chosen checkpoint, its notes (e.g. a checkpoint without checksums) written to standard error.
    func load() throws -> LoadedRun {
        let loaded = try LoadedRun(folder: RunFolder(path: runFolder), checkpoint: checkpoint, limits: memory.limits)
        for note in loaded.notes { Console.writeError("note: \(note)\n") }
        return loaded
    }
}
