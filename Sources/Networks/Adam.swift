import CKernels
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
            case .float32: gradient.withUnsafeFloats { values in total += floatSumOfSquares(values) }
            case .float64: gradient.withUnsafeDoubles { values in total += sumOfSquares(values) }
            }
        }
        return total.squareRoot()
    }

    /// Σ x² of `Float`s: eight-lane fused multiply-adds in `Float` over blocks of 512 elements, each block's
    /// sum added in `Double` (relative error ~1e-6 at worst), in `CKernels`' build for this CPU.
    private static func floatSumOfSquares(_ values: UnsafeBufferPointer<Float>) -> Double {
        guard let base = values.baseAddress else { return 0 }
        return lgf_sum_of_squares(lgf_cpu_level(), base, values.count)
    }

    /// Σ x² accumulated in Double with eight interleaved partial sums: a single running sum is bound by
    /// the add latency (one element per ~4 cycles) and the compiler may not reorder it to vectorise.
    @inline(__always)
    private static func sumOfSquares<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>) -> Double {
        guard let x = values.baseAddress else { return 0 }
        let count = values.count, blocks = count / 8
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
        for b in 0..<blocks {
            let p = x + 8 * b
            let d0 = Double(p[0]), d1 = Double(p[1]), d2 = Double(p[2]), d3 = Double(p[3])
            let d4 = Double(p[4]), d5 = Double(p[5]), d6 = Double(p[6]), d7 = Double(p[7])
            s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3
            s4 += d4 * d4; s5 += d5 * d5; s6 += d6 * d6; s7 += d7 * d7
        }
        for i in (8 * blocks)..<count { let d = Double(x[i]); s0 += d * d }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    }

    /// Applies one update.
    /// - Parameters:
    ///   - gradients: aligned with `parameters`, same shapes.
    ///   - knownNorm: their global norm, when the caller has computed it already (e.g. to check it is finite).
    /// - Returns: the global gradient norm before clipping, when it was given or clipping needed it (it is not
    ///   computed otherwise: one more pass over every gradient).
    @discardableResult
    public func update(with gradients: [Tensor], globalNorm knownNorm: Double? = nil) -> Double? {
        require(gradients.count == parameters.count, "Adam: \(gradients.count) gradients for \(parameters.count) parameters")
        let norm = knownNorm ?? (maximumGradientNorm == nil ? nil : Adam.globalNorm(of: gradients))
        var gradientScale = 1.0
        if let maximumGradientNorm, let norm, norm > maximumGradientNorm { gradientScale = maximumGradientNorm / (norm + 1e-6) }
        stepCount += 1
        let t = Double(stepCount)
        let stepSize = learningRate / (1 - pow(beta1, t))
        let correction2 = (1 - pow(beta2, t)).squareRoot()
        for index in parameters.indices {
            let gradient = gradients[index]
            require(gradient.shape == parameters[index].shape, "Adam: gradient \(gradient.shape) for parameter \(parameters[index].name) \(parameters[index].shape)")
            var m = firstMoments[index], v = secondMoments[index]
            firstMoments[index] = Tensor(zeros: [0])
            secondMoments[index] = Tensor(zeros: [0])
            parameters[index].update { value in
                switch value.dtype {
                case .float32:
                    var step = lgf_adam_step(gradient_scale: Float(gradientScale), beta1: Float(beta1), beta2: Float(beta2),
                                             step_size: Float(stepSize), correction2: Float(correction2), epsilon: Float(epsilon))
                    value.withUnsafeMutableFloats { theta in m.withUnsafeMutableFloats { m in v.withUnsafeMutableFloats { v in gradient.withUnsafeFloats { g in
                        Adam.floatKernel(theta, m, v, g, &step)
                    } } } }
                case .float64:
                    value.withUnsafeMutableDoubles { theta in m.withUnsafeMutableDoubles { m in v.withUnsafeMutableDoubles { v in gradient.withUnsafeDoubles { g in
                        Adam.doubleKernel(theta, m, v, g, gradientScale, beta1, beta2, stepSize, correction2, epsilon)
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
        require(firstMoments.count == parameters.count && secondMoments.count == parameters.count, "Adam.restore: state for \(firstMoments.count) parameters, expected \(parameters.count)")
        self.stepCount = stepCount
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
    }

    /// The fused per-element update of `Float` parameters on `CKernels`' vector builds (`lgf_adam_update`, with a
    /// Newton square root that vectorises, where `sqrtf` and its errno check keep the loop scalar); a large parameter's
    /// elements are split into one range per thread of `WorkerPool.current` (each element's update is independent, so
    /// the result is the same for every thread count).
    private static func floatKernel(_ theta: UnsafeMutableBufferPointer<Float>, _ m: UnsafeMutableBufferPointer<Float>,
                                    _ v: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ step: UnsafePointer<lgf_adam_step>) {
        let count = theta.count
        require(m.count == count && v.count == count && g.count == count, "Adam: state and gradient sizes differ")
        guard let theta = theta.baseAddress, let m = m.baseAddress, let v = v.baseAddress, let g = g.baseAddress else { return }
        let level = lgf_cpu_level()
        WorkerPool.forEachRangeOnCurrent(of: count) { range in
            let i = range.lowerBound
            lgf_adam_update(level, theta + i, m + i, v + i, g + i, range.count, step)
        }
    }

    /// The same update for `Double` parameters (numerical checks), with the correctly rounded square root.
    private static func doubleKernel(_ theta: UnsafeMutableBufferPointer<Double>, _ m: UnsafeMutableBufferPointer<Double>,
                                     _ v: UnsafeMutableBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>, _ scale: Double, _ beta1: Double,
                                     _ beta2: Double, _ stepSize: Double, _ correction2: Double, _ epsilon: Double) {
        let count = theta.count
        require(m.count == count && v.count == count && g.count == count, "Adam: state and gradient sizes differ")
        guard let theta = theta.baseAddress, let m = m.baseAddress, let v = v.baseAddress, let g = g.baseAddress else { return }
        let oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2
        WorkerPool.forEachRangeOnCurrent(of: count) { range in
            for i in range {
                let gradient = g[i] * scale
                let first = beta1 * m[i] + oneMinusBeta1 * gradient
                let second = beta2 * v[i] + oneMinusBeta2 * gradient * gradient
                m[i] = first
                v[i] = second
                theta[i] -= stepSize * first / (second.squareRoot() / correction2 + epsilon)
            }
        }
    }
}
