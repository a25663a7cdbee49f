import Foundation
import Tensors

/// An importance proposal for the standardised indices ε of one grid point (u = μ(x) + σ(x) ⊙ ε at every
/// indexed layer, all layers' ε together), adapted to where the point's posterior lies:
///
///     r(ε) = α N(ε; 0, I) + (1 − α) N(ε; m, L Lᵀ),
///
/// the LGF's own q(u | x) (ε ~ N(0, I)) as the **defensive** component (Hesterberg, Technometrics 37, 1995),
/// which bounds the weights by p(x, u) / (α q(u | x)) wherever the fitted component misses, and a Gaussian fitted
/// to the point's importance-weighted draws (population Monte Carlo; Cappé et al., *Population Monte Carlo*,
/// JCGS 13, 2004). Where q(u | x) is centred away from the posterior (between the two rectangles the posterior of
/// a trained LGF-MAF sits 2σ out in two layers and is 3–7 times narrower in them), q's weights are so heavy-tailed
/// that 1,600 draws leave log p̂ off by ±0.5 nats, while the fitted proposal's weights are nearly flat.
///
/// Any r gives an unbiased p̂ = mean_k p(x, u_k) / r(u_k | x), whatever the draws it was fitted to, because the
/// estimate uses only draws made after r was fixed; log p̂ is biased low by about s²/2 (s its standard error).
struct IndexProposal: Sendable {
    /// d, the total index dimension.
    let dimension: Int
    /// α, the weight of N(0, I).
    let defensiveFraction: Double
    /// m, `[d]`; nil for q itself (α = 1).
    let mean: [Double]?
    /// L, the lower Cholesky factor of the fitted covariance, `[d × d]` row-major.
    let choleskyFactor: [Double]

    /// 0.2: a fifth of the draws from q, so no weight exceeds 5 p(x, u) / q(u | x).
    static let defaultDefensiveFraction = 0.2
    /// The fitted covariance is widened by 1.2² (heavier coverage of the posterior's tails than the fit).
    static let widening = 1.2
    /// The fitted covariance is shrunk towards (``priorScale``)² I as if that had this many draws' weight, so a fit
    /// dominated by one or two draws stays broad (its mean, the weighted draws' mean, is not shrunk).
    static let priorDraws = 2.0
    /// 1.5: where a fit knows little, its draws spread wider than q's.
    static let priorScale = 1.5

    /// q(u | x) itself: ε ~ N(0, I).
    static func standard(dimension: Int) -> IndexProposal {
        IndexProposal(dimension: dimension, defensiveFraction: 1, mean: nil, choleskyFactor: [])
    }

    /// The proposal fitted to weighted draws summarised in `statistics`: their weighted mean, and their weighted
    /// covariance widened by ``widening`` and shrunk towards ``priorScale``² I by ``priorDraws`` against their
    /// effective sample size. Falls back to q when there is nothing to fit (no positive weight).
    static func fitted(to statistics: WeightedNoiseStatistics, defensiveFraction: Double = defaultDefensiveFraction) -> IndexProposal {
        let d = statistics.dimension
        guard let (mean, covariance) = statistics.meanAndCovariance() else { return standard(dimension: d) }
        let ess = statistics.effectiveSampleSize
        let trust = ess / (ess + priorDraws)
        var shrunkMean = mean
        var shrunk = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d { shrunk[i * d + j] = trust * widening * widening * covariance[i * d + j] }
            // Few effective draws say where the posterior is but not how wide: explore around them, wider than q.
            shrunk[i * d + i] += (1 - trust) * priorScale * priorScale + 1e-3
        }
        guard let factor = cholesky(shrunk, dimension: d) else { return standard(dimension: d) }
        if shrunkMean.contains(where: { !$0.isFinite }) { shrunkMean = Array(repeating: 0, count: d) }
        return IndexProposal(dimension: d, defensiveFraction: defensiveFraction, mean: shrunkMean, choleskyFactor: factor)
    }

    /// `count` draws of ε, `[count · d]` row-major.
    func draw(count: Int, using generator: inout some RandomNumberGenerator) -> [Double] {
        let d = dimension
        var noise = Tensor.randomNormal(shape: [count, d], dtype: .float64, using: &generator).doubles
        guard let mean else { return noise }
        for row in 0..<count where Double.random(in: 0..<1, using: &generator) >= defensiveFraction {
            let n = Array(noise[(row * d)..<((row + 1) * d)])
            for i in 0..<d {
                var value = mean[i]
                for k in 0...i { value += choleskyFactor[i * d + k] * n[k] }
                noise[row * d + i] = value
            }
        }
        return noise
    }

    /// log N(ε; 0, I) − log r(ε): added to log p(x, u) − log q(u | x) it gives the weight against r.
    func logWeightCorrection(_ noise: ArraySlice<Double>) -> Double {
        guard let mean else { return 0 }
        let d = dimension, start = noise.startIndex
        var standardSquare = 0.0, fittedSquare = 0.0, logDeterminant = 0.0
        var solved = [Double](repeating: 0, count: d)
        for i in 0..<d {
            standardSquare += noise[start + i] * noise[start + i]
            var value = noise[start + i] - mean[i]
            for k in 0..<i { value -= choleskyFactor[i * d + k] * solved[k] }
            solved[i] = value / choleskyFactor[i * d + i]
            fittedSquare += solved[i] * solved[i]
            logDeterminant += Foundation.log(choleskyFactor[i * d + i])
        }
        // Both densities share (2π)^(−d/2); log r = logsumexp(log α − ½‖ε‖², log(1 − α) − ½‖L⁻¹(ε − m)‖² − log|L|).
        let a = Foundation.log(defensiveFraction) - 0.5 * standardSquare
        let b = Foundation.log1p(-defensiveFraction) - 0.5 * fittedSquare - logDeterminant
        return -0.5 * standardSquare - ImportanceWeightMoments.logAddExp(a, b)
    }

    /// The lower Cholesky factor of a symmetric positive-definite `[d × d]` matrix; nil if it is not.
    static func cholesky(_ matrix: [Double], dimension d: Int) -> [Double]? {
        var factor = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var value = matrix[i * d + j]
                for k in 0..<j { value -= factor[i * d + k] * factor[j * d + k] }
                if i == j {
                    guard value > 0, value.isFinite else { return nil }
                    factor[i * d + i] = value.squareRoot()
                } else {
                    factor[i * d + j] = value / factor[j * d + j]
                }
            }
        }
        return factor
    }
}

/// Running importance-weighted sums of one point's draws ε (weights kept relative to the largest log-weight
/// so far): what ``IndexProposal/fitted(to:defensiveFraction:)`` needs, in d + d² + 2 numbers whatever K.
struct WeightedNoiseStatistics: Sendable {
    let dimension: Int
    private(set) var maximumLogWeight = -Double.infinity
    private(set) var weightSum = 0.0
    private(set) var squaredWeightSum = 0.0
    private(set) var firstMoments: [Double]
    private(set) var secondMoments: [Double]

    init(dimension: Int) {
        self.dimension = dimension
        firstMoments = Array(repeating: 0, count: dimension)
        secondMoments = Array(repeating: 0, count: dimension * dimension)
    }

    /// Adds one draw ε with log-weight `logWeight` (against the proposal it was drawn from).
    mutating func add(_ noise: ArraySlice<Double>, logWeight: Double) {
        guard logWeight.isFinite else { return }
        if logWeight > maximumLogWeight {
            let rescale = Foundation.exp(maximumLogWeight - logWeight)
            weightSum *= rescale
            squaredWeightSum *= rescale * rescale
            for i in firstMoments.indices { firstMoments[i] *= rescale }
            for i in secondMoments.indices { secondMoments[i] *= rescale }
            maximumLogWeight = logWeight
        }
        let weight = Foundation.exp(logWeight - maximumLogWeight), d = dimension, start = noise.startIndex
        weightSum += weight
        squaredWeightSum += weight * weight
        for i in 0..<d {
            firstMoments[i] += weight * noise[start + i]
            for j in 0..<d { secondMoments[i * d + j] += weight * noise[start + i] * noise[start + j] }
        }
    }

    /// (Σw)² / Σw²: how many equally weighted draws the weighted ones are worth.
    var effectiveSampleSize: Double { squaredWeightSum > 0 ? weightSum * weightSum / squaredWeightSum : 0 }

    /// The weighted mean and covariance (divisor Σw); nil without a positive weight.
    func meanAndCovariance() -> (mean: [Double], covariance: [Double])? {
        guard weightSum > 0 else { return nil }
        let d = dimension
        let mean = firstMoments.map { $0 / weightSum }
        var covariance = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d { covariance[i * d + j] = secondMoments[i * d + j] / weightSum - mean[i] * mean[j] }
        }
        return (mean, covariance)
    }
}
