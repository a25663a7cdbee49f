import Foundation

/// The first two moments of one point's importance weights w_k = p(x, u_k) / q(u_k | x), in logs, and
/// their count: what two independent batches of draws for the same point need to be pooled into one
/// estimate, exactly as if all draws had been made at once.
///
/// A `LogLikelihoodEstimate` gives, per point, log p̂ = log mean(w) and the delta-method standard error
/// s = √(Var(w) / K) / mean(w) (Var with divisor K). Since Var(w) = mean(w²) − mean(w)², the second moment
/// follows: log mean(w²) = 2 log mean(w) + log(1 + K s²).
struct ImportanceWeightMoments: Sendable, Hashable {
    /// log mean(w).
    var logMean: Double
    /// log mean(w²).
    var logMeanSquare: Double
    /// K, the number of weights.
    var count: Int

    /// The moments from their logs directly.
    init(logMean: Double, logMeanSquare: Double, count: Int) {
        self.logMean = logMean
        self.logMeanSquare = logMeanSquare
        self.count = count
    }

    /// The moments behind an estimate log p̂ = `logLikelihood` with standard error `standardError` from `count` draws.
    init(logLikelihood: Double, standardError: Double, count: Int) {
        self.logMean = logLikelihood
        // A NaN error (all weights zero) leaves the second moment at −∞ like the first.
        let ratio = standardError.isFinite ? Double(count) * standardError * standardError : 0
        self.logMeanSquare = 2 * logLikelihood + Foundation.log1p(ratio)
        self.count = count
    }

    /// The moments of both batches' weights together.
    func pooled(with other: ImportanceWeightMoments) -> ImportanceWeightMoments {
        let total = Double(count + other.count)
        func pooledLog(_ a: Double, _ b: Double) -> Double {
            Self.logAddExp(a + Foundation.log(Double(count)), b + Foundation.log(Double(other.count))) - Foundation.log(total)
        }
        var result = self
        result.logMean = pooledLog(logMean, other.logMean)
        result.logMeanSquare = pooledLog(logMeanSquare, other.logMeanSquare)
        result.count = count + other.count
        return result
    }

    /// log p̂ from all the weights.
    var logLikelihood: Double { logMean }

    /// √(Var(w) / K) / mean(w) = √((mean(w²) / mean(w)² − 1) / K); NaN when every weight is zero.
    var standardError: Double {
        guard logMean > -.infinity else { return .nan }
        let relativeVariance = max(Foundation.exp(logMeanSquare - 2 * logMean) - 1, 0)
        return (relativeVariance / Double(count)).squareRoot()
    }

    /// log(eᵃ + eᵇ) without overflow; −∞ when both are.
    static func logAddExp(_ a: Double, _ b: Double) -> Double {
        let top = max(a, b)
        guard top > -.infinity else { return -.infinity }
        return top + Foundation.log(Foundation.exp(a - top) + Foundation.exp(b - top))
    }
}

extension ImportanceWeightMoments {
    /// The moments of a batch of log-weights.
    init(logWeights: [Double]) {
        let count = logWeights.count
        let top = logWeights.max() ?? -.infinity
        guard top.isFinite else {  // every weight zero (−∞), or a NaN or infinite one: nothing to average
            self.init(logLikelihood: top, standardError: .nan, count: count)
            return
        }
        var sum = 0.0, squares = 0.0
        for logWeight in logWeights {
            let weight = Foundation.exp(logWeight - top)
            sum += weight
            squares += weight * weight
        }
        let logK = Foundation.log(Double(count))
        self.init(logMean: top + Foundation.log(sum) - logK, logMeanSquare: 2 * top + Foundation.log(squares) - logK, count: count)
    }
}
