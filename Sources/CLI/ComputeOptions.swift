import ArgumentParser
import Networks
import Tensors

extension MatrixKernelChoice: ExpressibleByArgument {}
extension LayerFusion: ExpressibleByArgument {}
extension ProductPrecision: ExpressibleByArgument {}
extension ConvolutionAlgorithm: ExpressibleByArgument {}

/// How a command computes, for every command that trains, evaluates or benchmarks flows: `--threads`,
/// `--matrix-kernel` (which code computes float32 products, `BLAS.matrixKernelChoice`), `--layer-fusion` (whether
/// the narrow networks run as one fused operation, `LayerFusion.choice`) and `--convolution-algorithm` (direct or
/// Winograd 3 × 3 convolutions, `ConvolutionAlgorithm.choice`).
struct ComputeOptions: ParsableArguments {
    @OptionGroup var threads: ThreadsOption

    @Option(help: "Float32 matrix products: automatic (OpenBLAS, or our kernel where OpenBLAS does not recognise the CPU), openblas, or own (our kernel, split over --threads; on CPUs OpenBLAS recognises, the faster choice with --threads 2 or more). Results differ in their last bits between kernels.")
    var matrixKernel: MatrixKernelChoice = .automatic

    @Option(help: "The narrow networks (MLPs and MADEs of widths up to 128, float32): automatic (each as one fused operation over blocks of rows), or off (one operation per layer). Results differ in their last bits.")
    var layerFusion: LayerFusion = .automatic

    @Option(help: "3×3 convolutions: automatic (Winograd F(4×4,3×3) for layers with at least 16 channels each side on planes of at least 7×7, where it was measured faster; the direct kernels elsewhere), direct, or winograd (every 3×3 layer). Results differ in their last bits; Winograd's error is larger (about 10× the direct sum's in float32).")
    var convolutionAlgorithm: ConvolutionAlgorithm = .automatic

    /// Puts the choices in force; call before the first product.
    func apply() {
        threads.apply()
        BLAS.matrixKernelChoice = matrixKernel
        LayerFusion.choice = layerFusion
        ConvolutionAlgorithm.choice = convolutionAlgorithm
    }
}
