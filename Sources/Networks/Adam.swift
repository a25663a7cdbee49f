import Foundation
import Tensors

/// Adam (Kingma & Ba, *Adam: A Method for Stochastic Optimization*, ICLR 2015, arXiv:1412.6980,
/// Algorithm 1), no weight decay, with optional clipping of the global gradient norm.
///
/// Per parameter θ with gradient g at step t:
/// m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − α · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
/// The update is one fused loop over each parameter's elements.
public final class Adam {
    /// The step size α.
    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// When set, gradients are scaled so their global L2 norm is at most this (PyTorch's `clip_grad_norm_`).
    public var maximumGradientNorm: Double?
    /// The parameters, in the order gradients are expected.
    public let parameters: [Parameter]
    /// The number of updates taken (t).
    public private(set) var stepCount = 0
    /// The first-moment estimates m, aligned with `parameters`.
    public private(set) var firstMoments: [Tensor]
    /// The second-moment estimates v, aligned with `parameters`.
    public private(set) var secondMoments: [Tensor]

    public init(parameters: [Parameter], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, maximumGradientNorm: Double? = nil) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.maximumGradientNorm = maximumGradientNorm
        firstMoments = parameters.map { Tensor(zeros: $0.shape, dtype: $0.value.dtype) }
        secondMoments = parameters.map { Tensor(zeros: $0.shape, dtype: $0.value.dtype) }
    }

    /// The global L2 norm of `gradients`.
    public static func globalNorm(of gradients: [Tensor]) -> Double {
        var total = 0.0
        for gradient in gradients {
            switch gradient.dtype {
            case .float32: gradient.withUnsafeFloats { values in for value in values { total += Double(value) * Double(value) } }
            case .float64: gradient.withUnsafeDoubles { values in for value in values { total += value * value } }
            }
        }
        return total.squareRoot()
    }

    /// Applies one update. - Parameter gradients: aligned with `parameters`, same shapes.
    /// - Returns: the global gradient norm before clipping.
    @discardableResult
    public func update(with gradients: [Tensor]) -> Double {
        precondition(gradients.count == parameters.count, "Adam: \(gradients.count) gradients for \(parameters.count) parameters")
        let norm = Adam.globalNorm(of: gradients)
        var gradientScale = 1.0
        if let maximumGradientNorm, norm > maximumGradientNorm { gradientScale = maximumGradientNorm / (norm + 1e-6) }
        stepCount += 1
        let t = Double(stepCount)
        let stepSize = learningRate / (1 - pow(beta1, t))
        let correction2 = (1 - pow(beta2, t)).squareRoot()
        for index in parameters.indices {
            let gradient = gradients[index]
            precondition(gradient.shape == parameters[index].shape, "Adam: gradient \(gradient.shape) for parameter \(parameters[index].name) \(parameters[index].shape)")
            var m = firstMoments[index], v = secondMoments[index]
            firstMoments[index] = Tensor(zeros: [0])
            secondMoments[index] = Tensor(zeros: [0])
            parameters[index].update { value in
                switch value.dtype {
                case .float32:
                    value.withUnsafeMutableFloats { theta in m.withUnsafeMutableFloats { m in v.withUnsafeMutableFloats { v in gradient.withUnsafeFloats { g in
                        Adam.kernel(theta, m, v, g, Float(gradientScale), Float(beta1), Float(beta2), Float(stepSize), Float(correction2), Float(epsilon))
                    } } } }
                case .float64:
                    value.withUnsafeMutableDoubles { theta in m.withUnsafeMutableDoubles { m in v.withUnsafeMutableDoubles { v in gradient.withUnsafeDoubles { g in
                        Adam.kernel(theta, m, v, g, gradientScale, beta1, beta2, stepSize, correction2, epsilon)
                    } } } }
                }
            }
            firstMoments[index] = m
            secondMoments[index] = v
        }
        return norm
    }

    /// Restores the optimiser state (e.g. from a checkpoint).
    public func restore(stepCount: Int, firstMoments: [Tensor], secondMoments: [Tensor]) {
        precondition(firstMoments.count == parameters.count && secondMoments.count == parameters.count, "Adam.restore: state for \(firstMoments.count) parameters, expected \(parameters.count)")
        self.stepCount = stepCount
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
    }

    @inline(__always)
    private static func kernel<T: BinaryFloatingPoint>(_ theta: UnsafeMutableBufferPointer<T>, _ m: UnsafeMutableBufferPointer<T>, _ v: UnsafeMutableBufferPointer<T>,
                                                       _ g: UnsafeBufferPointer<T>, _ scale: T, _ beta1: T, _ beta2: T, _ stepSize: T, _ correction2: T, _ epsilon: T) {
        for i in 0..<theta.count {
            let gradient = g[i] * scale
            let first = beta1 * m[i] + (1 - beta1) * gradient
            let second = beta2 * v[i] + (1 - beta2) * gradient * gradient
            m[i] = first
            v[i] = second
            theta[i] -= stepSize * first / (second.squareRoot() / correction2 + epsilon)
        }
    }
}
