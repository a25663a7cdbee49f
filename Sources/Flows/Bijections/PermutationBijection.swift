import Tensors
import Networks

/// Reorders features: z_i = x_{order[i]}. Volume-preserving (log-det 0); ignores the conditioning (index and context).
/// MAF puts a reverse permutation between MADE layers so every variable is conditioned on every other.
public final class PermutationBijection: Bijection {
    public var architecture: String { "permutation \(order)" }
    public let order: [Int]
    public let inverseOrder: [Int]

    /// - Precondition: `order` is a permutation of 0..<order.count.
    public init(order: [Int]) {
        require(order.sorted() == Array(order.indices), "PermutationBijection: \(order) is not a permutation")
        self.order = order
        var inverse = order
        for (position, source) in order.enumerated() { inverse[source] = position }
        inverseOrder = inverse
    }

    /// D−1, …, 1, 0.
    public static func reverse(featureCount: Int) -> PermutationBijection {
        PermutationBijection(order: Array((0..<featureCount).reversed()))
    }

    /// A fixed permutation drawn from `generator`.
    public static func random(featureCount: Int, using generator: inout some RandomNumberGenerator) -> PermutationBijection {
        PermutationBijection(order: Array(0..<featureCount).shuffled(using: &generator))
    }

    public func forward(_ x: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        (x.gatheringColumns(order), zeroLogAbsDet(like: x))
    }

    public func inverse(_ z: Tensor, given conditioning: Conditioning) -> (output: Tensor, logAbsDet: Tensor) {
        (z.gatheringColumns(inverseOrder), zeroLogAbsDet(like: z))
    }
}
