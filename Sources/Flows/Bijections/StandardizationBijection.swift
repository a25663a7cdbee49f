import Tensors
import Networks

/// A fixed per-feature standardisation z = (x − mean) ⊙ (1 / std), with log|det ∂z/∂x| = −Σ_j log std_j.
///
/// The first step of a model trained on a user's own data: the statistics are the training split's,
/// so the flow after it sees standardised data while the model as a whole is a density over the data's
/// own units (log p(x) = log p(z) − Σ_j log std_j, samples come out in raw units). `mean` and `std` are
/// buffers, not parameters: they are saved in checkpoints but never trained. Ignores the conditioning (index and context).
public final class StandardizationBijection: Bijection {
    public var architecture: String { "standardise: (x − training mean) / training std, fixed" }
    /// The per-feature shift, `[D]`.
    public let mean: Buffer
    /// The per-feature scale, `[D]`, every entry positive.
    public let std: Buffer
    public var ownBuffers: [Buffer] { [mean, std] }

    /// - Precondition: `mean` and `std` have the same length and every `std` entry is positive and finite.
    public init(mean: [Double], std: [Double]) {
        precondition(mean.count == std.count, "StandardizationBijection needs as many means (\(mean.count)) as standard deviations (\(std.count))")
        precondition(std.allSatisfy { $0 > 0 && $0.isFinite }, "StandardizationBijection needs positive, finite standard deviations, got \(std)")
        self.mean = Buffer(name: "mean", value: Tensor(shape: [mean.count], values: mean, dtype: .float32))
        self.std = Buffer(name: "std", value: Tensor(shape: [std.count], values: std, dtype: .float32))
    }

    /// −Σ_j log std_j, the same for every row.
    private func logAbsDet(like x: Tensor) -> Tensor {
        -std.value.log().sum() + zeroLogAbsDet(like: x)
    }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        ((x - mean.value) / std.value, logAbsDet(like: x))
    }

    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        (z * std.value + mean.value, -logAbsDet(like: z))
    }
}
