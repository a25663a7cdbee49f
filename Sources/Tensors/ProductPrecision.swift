/// The precision of the inputs of float32 matrix products (`lgf train --precision`), recorded in a run's configuration.
///
/// `bf16` rounds both operands of every float32 product of a dense layer (forward and backward) to bf16, 8 significant
/// bits, and sums the products in float32 (`BLAS`'s bf16 kernel, AVX512_BF16's dot products): weights, Adam's state and
/// every operation other than the products stay float32, so training keeps float32 master weights (the mixed
/// precision of Kalamkar et al. 2019, "A Study of BFLOAT16 for Deep Learning Training", arXiv:1905.12322). Float64
/// products are never affected.
public enum ProductPrecision: String, CaseIterable, Codable, Sendable {
    /// Float32 operands, float32 sums: the default.
    case fp32
    /// Operands rounded to bf16, float32 sums; only on CPUs with AVX512_BF16 (`cpuRunsBF16`).
    case bf16

    /// The precision of the current task's scope (`with(_:_:)`).
    @TaskLocal private static var scoped: ProductPrecision?

    /// Runs `body` with the float32 products issued on the current task at `precision` (a run's training, or a test);
    /// products outside every scope are `fp32`.
    public static func with<Result>(_ precision: ProductPrecision, _ body: () throws -> Result) rethrows -> Result {
        try $scoped.withValue(precision, operation: body)
    }

    /// The precision in force on the current task.
    public static var current: ProductPrecision { scoped ?? .fp32 }

    /// What the current task assumes of the CPU instead of asking it (`assumingCPU(runsBF16:_:)`).
    @TaskLocal private static var assumedCPURunsBF16: Bool?

    /// Whether this CPU (and the operating system) runs the bf16 products' instructions (AVX512_BF16 with AVX-512), or
    /// what the current task assumes of it.
    public static var cpuRunsBF16: Bool { assumedCPURunsBF16 ?? CPUFeatures.hasAVX512BF16 }

    /// Runs `body` as if the CPU did (or did not) have AVX512_BF16, for the checks that read `cpuRunsBF16`: tests of the
    /// refusal on CPUs without it. The kernels still ask the CPU itself.
    package static func assumingCPU<Result>(runsBF16: Bool, _ body: () throws -> Result) rethrows -> Result {
        try $assumedCPURunsBF16.withValue(runsBF16, operation: body)
    }
}
