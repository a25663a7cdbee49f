import ArgumentParser
import Networks
import Tensors

extension MatrixKernelChoice: ExpressibleByArgument {}
extension LayerFusion: ExpressibleByArgument {}
extension ProductPrecision: ExpressibleByArgument {}

/// How a command computes, for every command that trains, evaluates or benchmarks flows: `--threads`,
/// `--matrix-kernel` (which code computes float32 products, `BLAS.matrixKernelChoice`) and `--layer-fusion` (whether
/// the narrow networks run as one fused operation, `LayerFusion.choice`).
struct ComputeOptions: ParsableArguments {
    @OptionGroup var threads: ThreadsOption

    @Option(help: "Float32 matrix products: automatic (OpenBLAS, or our kernel where OpenBLAS does not recognise the CPU), openblas, or own (our kernel, split over --threads; on CPUs OpenBLAS recognises, the faster choice with --threads 2 or more). Results differ in their last bits between kernels.")
    var matrixKernel: MatrixKernelChoice = .automatic

    @Option(help: "The narrow networks (MLPs and MADEs of widths up to 128, float32): automatic (each as one fused operation over blocks of rows), or off (one operation per layer). Results differ in their last bits.")
    var layerFusion: LayerFusion = .automatic

    /// Puts the choices in force; call before the first product.
    func apply() {
        threads.apply()
        BLAS.matrixKernelChoice = matrixKernel
        LayerFusion.choice = layerFusion
    }
}
