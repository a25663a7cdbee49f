import Tensors
import Networks

/// A bijection with its directions swapped: `forward` runs the wrapped `inverse` and vice versa.
public final class InverseBijection: Bijection {
    public let wrapped: any Bijection
    public var sublayers: [any Layer] { [wrapped] }
    public var sublayerNames: [String] { ["inverted"] }

    public init(_ wrapped: any Bijection) { self.wrapped = wrapped }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) { wrapped.inverse(x, given: conditioning) }
    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) { wrapped.forward(z, given: conditioning) }
}
