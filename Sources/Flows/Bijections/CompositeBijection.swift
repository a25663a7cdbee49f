import Tensors
import Networks

/// Bijections applied in order (x → z): log-determinants add; the inverse runs them in reverse order.
/// Every part receives the same `context`.
public final class CompositeBijection: Bijection {
    public let parts: [any Bijection]
    public var sublayers: [any Layer] { parts }
    public var sublayerNames: [String] { parts.indices.map { "parts.\($0)" } }

    public init(_ parts: [any Bijection]) { self.parts = parts }

    public func forward(_ x: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        var current = x
        var total = zeroLogAbsDet(like: x)
        for part in parts {
            let step = part.forward(current, context: context)
            current = step.output
            total = total + step.logAbsDet
        }
        return (current, total)
    }

    public func inverse(_ z: Tensor, context: Tensor?) -> (output: Tensor, logAbsDet: Tensor) {
        var current = z
        var total = zeroLogAbsDet(like: z)
        for part in parts.reversed() {
            let step = part.inverse(current, context: context)
            current = step.output
            total = total + step.logAbsDet
        }
        return (current, total)
    }
}
