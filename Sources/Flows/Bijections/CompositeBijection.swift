import Tensors
import Networks

/// Bijections applied in order (x → z): log-determinants add; the inverse runs them in reverse order.
/// Every part receives the same conditioning.
public final class CompositeBijection: Bijection {
    public let parts: [any Bijection]
    public var sublayers: [any Layer] { parts }
    public var sublayerNames: [String] { parts.indices.map { "parts.\($0)" } }

    public init(_ parts: [any Bijection]) { self.parts = parts }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        var current = x
        var total = zeroLogAbsDet(like: x)
        for part in parts {
            let step = part.forward(current, given: conditioning)
            current = step.output
            total = total + step.logAbsDet
        }
        return (current, total)
    }

    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        var current = z
        var total = zeroLogAbsDet(like: z)
        for part in parts.reversed() {
            let step = part.inverse(current, given: conditioning)
            current = step.output
            total = total + step.logAbsDet
        }
        return (current, total)
    }
}
