import Foundation
import Tensors
import Networks

/// N(0, I) in D dimensions: log p(z) = −½‖z‖² − (D/2) log 2π. The base of every flow; no parameters; ignores any
/// context.
public final class StandardNormalDensity: Density {
    public let dimension: Int
    public init(dimension: Int) { self.dimension = dimension }

    /// - Parameter z: `[batch, D]`. - Returns: `[batch]`.
    public func logProb(_ z: Tensor) -> Tensor {
        z.squared().sum(alongAxis: 1) * -0.5 - 0.5 * Double(dimension) * Foundation.log(2 * Double.pi)
    }

    public func elboTerms(_ x: Tensor, context: Tensor?, using generator: inout some RandomNumberGenerator) -> ELBOTerms {
        let logP = logProb(x)
        return ELBOTerms(logP: logP, logQ: Tensor(zeros: logP.shape, dtype: logP.dtype))
    }

    public func sample(count: Int, context: Tensor?, using generator: inout some RandomNumberGenerator) -> Tensor {
        Tensor.randomNormal(shape: [count, dimension], using: &generator)
    }

    /// `count` draws in a given precision.
    public func sample(count: Int, dtype: DType, using generator: inout some RandomNumberGenerator) -> Tensor {
        Tensor.randomNormal(shape: [count, dimension], dtype: dtype, using: &generator)
    }
}
