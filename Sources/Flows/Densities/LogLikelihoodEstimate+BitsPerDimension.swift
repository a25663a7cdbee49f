import Foundation

extension LogLikelihoodEstimate {
    /// Bits per dimension, bpd = −log p̂(x) / (D · ln 2) (as in Cornish et al. 2020, Table 2), averaged over points, with the standard
    /// error of that mean. For images the log-likelihood must include the logit pre-transform's Jacobian, so that
    /// the figure refers to pixels on the [0, 256) scale, as the paper's Table 2.
    /// - Parameter dimension: D, e.g. 784 for a 28 × 28 grey image, 3072 for CIFAR-10.
    public func bitsPerDimension(dimension: Int) -> (mean: Double, standardError: Double) {
        precondition(dimension > 0, "bits per dimension need a positive dimension, got \(dimension)")
        let scale = Double(dimension) * Foundation.log(2.0)
        return (-mean / scale, standardErrorOfMean / scale)
    }
}
