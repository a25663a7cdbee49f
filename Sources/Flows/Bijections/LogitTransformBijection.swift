import Foundation
import Tensors
import Networks

/// The pre-transform of the image models (Dinh et al., *Real NVP*, ICLR 2017, §4.1): dequantised
/// pixels x ∈ [0, 256) map to logit space,
///
///     p = λ + (1 − 2λ) x / 256,   y = log p − log(1 − p),
///     log|det ∂y/∂x| = Σᵢ [log(1 − 2λ) − log 256 − log pᵢ − log(1 − pᵢ)],
///
/// with λ = 1e−6 for MNIST and Fashion-MNIST and 0.05 for CIFAR-10. Its log-Jacobian is part of the model's
/// density, so bits per dimension are on the [0, 256) pixel scale. 1 − p is computed as λ + (1 − 2λ)(256 − x)/256
/// rather than by subtraction, which would lose the digits that matter near p = 1 in `Float`. Ignores the conditioning (index and context).
public final class LogitTransformBijection: Bijection {
    public var architecture: String { "logit pre-transform, λ = \(lambda)" }
    /// λ, which keeps p away from 0 and 1.
    public let lambda: Double
    /// The width of the pixel range, 256.
    public let pixelRange: Double

    /// - Precondition: 0 ≤ λ < ½ and a positive pixel range.
    public init(lambda: Double, pixelRange: Double = 256) {
        require(lambda >= 0 && lambda < 0.5, "LogitTransformBijection: λ must be in [0, 0.5), got \(lambda)")
        require(pixelRange > 0, "LogitTransformBijection: the pixel range must be positive, got \(pixelRange)")
        self.lambda = lambda
        self.pixelRange = pixelRange
    }

    /// log((1 − 2λ) / 256), the constant part of each feature's log-derivative.
    private var logSlope: Double { Foundation.log((1 - 2 * lambda) / pixelRange) }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        let slope = (1 - 2 * lambda) / pixelRange
        let logP = (x * slope + lambda).log()
        let logOneMinusP = ((pixelRange - x) * slope + lambda).log()
        return (logP - logOneMinusP, (logSlope - logP - logOneMinusP).sum(alongAxis: 1))
    }

    public func inverse(_ y: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        let p = y.sigmoid(), oneMinusP = (-y).sigmoid()
        let x = (p - lambda) * (pixelRange / (1 - 2 * lambda))
        return (x, (p.log() + oneMinusP.log() - logSlope).sum(alongAxis: 1))
    }
}
