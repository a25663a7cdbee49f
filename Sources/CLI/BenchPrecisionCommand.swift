import ArgumentParser
import Benchmarks
import Foundation

/// `lgf bench precision`: bf16 products against OpenBLAS' and our own float32 ones, and a MADE step at both precisions.
struct BenchPrecision: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "precision",
        abstract: "Time the MINIBOONE-shaped products (43→512 and 512→512 layers, batch 1000, forward and both gradients) on OpenBLAS, our fp32 kernel and our bf16 kernel, and a D=43/H=512 MADE step at fp32 and bf16.",
        discussion: """
            Each repeat runs the three kernels one after the other on the same operands (interleaved), and the step \
            alternates fp32 and bf16; medians over --repeats. Prints the CPU's model, family and model number.
            """)

    @OptionGroup var format: JSONOption

    @OptionGroup var threads: ThreadsOption

    @OptionGroup var timing: RepeatOptions

    func run() throws {
        let result = PrecisionBenchmark(threads: threads.threads, repeats: timing.repeats, warmupRepeats: timing.warmup).run()
        try format.show(result, summary: result.table)
    }
}
