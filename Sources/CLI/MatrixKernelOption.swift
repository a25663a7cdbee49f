import ArgumentParser
import Tensors

extension MatrixKernelChoice: ExpressibleByArgument {}

/// `--matrix-kernel`: which code computes float32 products (`BLAS.matrixKernelChoice`), for every command that
/// trains, evaluates or benchmarks.
struct MatrixKernelOption: ParsableArguments {
    @Option(help: "Float32 matrix products: automatic (OpenBLAS, or our kernel where OpenBLAS does not recognise the CPU), openblas, or own (our kernel, split over --threads; on CPUs OpenBLAS recognises, the faster choice with --threads 2 or more). Results differ in their last bits between kernels.")
    var matrixKernel: MatrixKernelChoice = .automatic

    /// Puts the choice in force; call before the first product.
    func apply() { BLAS.matrixKernelChoice = matrixKernel }
}
