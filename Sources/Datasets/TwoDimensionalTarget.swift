import Foundation

/// The synthetic 2-D densities of the LGF paper's experiments (Figures 1, 4 and 5), sampled afresh for
/// each split.
///
/// The generators follow the authors' `cif/datasets/two_d.py`, except that points are drawn
/// independently: where that code fixes equal counts per component (`2lines`, `2marginals`, `rings`,
/// `2spirals`) or evenly spaced angles (`rings`), each point here draws its own component and angle,
/// which is the same distribution. Cornish et al., *Relaxing Bijectivity Constraints with Continuously
/// Indexed Normalising Flows*, ICML 2020, arXiv:1909.13833.
///
/// A new target is a case here, with its optimum and extent, and its sampler (`point(using:)`); the CLI, sweeps,
/// reports and figures take it from `allCases`.
public enum TwoDimensionalTarget: String, CaseIterable, Sendable {
    /// c ~ Bern(½); x1 ~ U[1, 2] if c else U[−2, −1]; x2 ~ U[−1, 1].
    case twoUniforms = "2uniforms"
    /// Eight Gaussians of std 0.5 centred on a circle of radius 4, all divided by 1.414.
    case eightGaussians = "8gaussians"
    /// x1 ~ U[−2, 2]; x2 = U[0, 1) − 2·Bern(½) + (⌊x1⌋ mod 2); both × 2.
    case checkerboard
    /// Two interleaved spirals, n = √U · 540° in radians, plus 0.1·N(0, I) noise.
    case twoSpirals = "2spirals"
    /// Four circles of radius 3, 2.25, 1.5, 0.75 plus 0.08·N(0, I) noise.
    case rings
    /// x1 = ±1 + 0.01 (U − ½); x2 ~ U[−1, 1].
    case twoLines = "2lines"
    /// x1 = ±1 + 0.5 (U − ½); x2 ~ N(0, 1).
    case twoMarginals = "2marginals"
    /// U[−½, ½]².
    case oneUniform = "1uniform"
    /// θ ~ U[0, 2π), r = √(3U + 1): uniform on the annulus 1 ≤ r ≤ 2.
    case annulus
    /// x1, x2 ~ N(0, 1); x2 += 2 if x1 ≥ 0 else −2.
    case splitGaussian = "split-gaussian"

    /// The number of training points the paper draws.
    public static let trainCount = 10_000
    /// The number of validation points the paper draws.
    public static let validationCount = 1_000
    /// The number of test points the paper draws.
    public static let testCount = 5_000

    /// E[log p*(x)] in nats: the best test log-likelihood any model can expect, `nil` where unknown.
    ///
    /// Closed forms (minus each target's differential entropy), except `8gaussians`, which has none: −2.8319 is
    /// ∫ p log p by the midpoint rule on a 0.004 grid over [−5, 5]² (a coarser estimate gives ≈ −2.834).
    public var optimum: Double? {
        switch self {
        case .twoUniforms: return -log(4)
        case .eightGaussians: return -2.8319
        case .checkerboard: return -log(32)
        case .twoSpirals, .rings: return nil
        case .twoLines: return log(25)
        case .twoMarginals: return -0.5 * log(2 * Double.pi * M_E)
        case .oneUniform: return 0
        case .annulus: return -log(3 * Double.pi)
        case .splitGaussian: return -log(2 * Double.pi * M_E)
        }
    }

    /// A bound on |x₁| and |x₂|: every point of a target with bounded support lies within it, and all but a
    /// negligible fraction of one with Gaussian noise (four standard deviations of that noise).
    ///
    /// The targets are used as the paper draws them, not standardised, so a model whose transforms act on a fixed
    /// interval (the rational-quadratic splines of Durkan et al. 2019, §3.1, identity outside [−B, B]) needs it.
    public var extent: Double {
        switch self {
        case .twoUniforms: return 2
        case .eightGaussians: return (4 + 4 * 0.5) / 1.414
        case .checkerboard: return 4
        case .twoSpirals: return (3 * Double.pi + 0.5) / 3 + 4 * 0.1
        case .rings: return 3 + 4 * 0.08
        case .twoLines: return 1.005
        case .twoMarginals: return 4
        case .oneUniform: return 0.5
        case .annulus: return 2
        case .splitGaussian: return 2 + 4
        }
    }

    /// `count` independent points, `[count, 2]`, drawn with `generator`.
    public func sample(count: Int, using generator: inout some RandomNumberGenerator) -> DataTable {
        precondition(count >= 0, "sample count must be non-negative")
        var values = [Double]()
        values.reserveCapacity(2 * count)
        for _ in 0 ..< count {
            let (x1, x2) = point(using: &generator)
            values.append(x1)
            values.append(x2)
        }
        return DataTable(rowCount: count, columnCount: 2, values: values)
    }

    /// Fresh train (10,000), validation (1,000) and test (5,000) draws, in that order, from `generator`.
    public func splits(using generator: inout some RandomNumberGenerator) -> DataSplits {
        let train = sample(count: Self.trainCount, using: &generator)
        let validation = sample(count: Self.validationCount, using: &generator)
        let test = sample(count: Self.testCount, using: &generator)
        return DataSplits(train: train, validation: validation, test: test)
    }

    /// `splits(using:)` with a Mersenne Twister seeded from `seed`, for callers without a generator.
    public func splits(seed: UInt64) -> DataSplits {
        var generator = MersenneTwister(seed64: seed)
        return splits(using: &generator)
    }
}
