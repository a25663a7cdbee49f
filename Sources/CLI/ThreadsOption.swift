import ArgumentParser
import Foundation
import Tensors

/// `--threads`, for every command that computes: the threads of matrix products (OpenBLAS' or the package's own
/// kernel), large elementwise passes, convolutions and batch norm, between 1 and the machine's core count (more
/// threads than cores only contend).
struct ThreadsOption: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Threads for matrix products, large elementwise passes, convolutions and batch norm (OpenBLAS' and our own kernels'), "
            + "from 1 (the default) to this machine's core count; 2 helps only on an idle machine, and with several processes "
            + "(sweep jobs, MPI ranks) keep processes × threads ≤ cores."))
    var threads = 1

    /// This machine's cores.
    static var maximum: Int { max(ProcessInfo.processInfo.activeProcessorCount, 1) }

    func validate() throws {
        guard (1...Self.maximum).contains(threads) else {
            throw ValidationError("--threads must be between 1 and \(Self.maximum) (this machine's cores), got \(threads)")
        }
    }

    /// Puts the count in force for this process's products and passes.
    func apply() { BLAS.threadCount = threads }
}
