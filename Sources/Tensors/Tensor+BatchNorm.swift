import CKernels

// MARK: - Per-channel batch normalisation of images with batch statistics, fused with an optional ReLU

/// The per-channel statistics `Tensor.batchNormalized` computed, as constants (for running averages).
public struct BatchStatistics {
    /// The mean over N, H, W: `[C]`.
    public var mean: Tensor
    /// The biased variance over N, H, W: `[C]`.
    public var variance: Tensor
    /// How many values per channel they were taken over: N·H·W, summed over the replicas under data-parallel training.
    public var count: Double
}

extension Tensor {
    /// Batch normalisation of a batch of images with its own statistics (Ioffe & Szegedy 2015, arXiv:1502.03167),
    /// per channel over N, H and W, then ReLU when `appliesReLU`:
    /// y = max(0, (x − μ_c) / √(σ²_c + ε) · γ_c + β_c), μ and σ² the batch mean and biased variance.
    ///
    /// One primitive instead of a dozen broadcasting operations: statistics in two passes (accumulated in Double),
    /// one pass for the output; the backward rule recomputes x̂ and the ReLU mask from x, so that only x is kept, and
    /// runs in two passes: dγ = Σ ĝ·x̂, dβ = Σ ĝ, dx = γ/√(σ² + ε) · (ĝ − dβ/M − x̂·dγ/M), ĝ the output gradient where
    /// the ReLU passed it, M = N·H·W. Channels are split across `WorkerPool.current`.
    /// - Parameters:
    ///   - x: `[N, C, H, W]` with N·H·W ≥ 2.
    ///   - scale: γ, `[C]`. - shift: β, `[C]`.
    /// - Returns: the output (`[N, C, H, W]`) and the batch statistics.
    public static func batchNormalized(_ x: Tensor, scale: Tensor, shift: Tensor, epsilon: Double, appliesReLU: Bool) -> (output: Tensor, statistics: BatchStatistics) {
        batchNormalized(x, scale: scale, shift: shift, epsilon: epsilon, appliesReLU: appliesReLU, over: nil)
    }

    /// `batchNormalized` over the whole batch when `replicas` hold the rest of its images (nil: this process alone).
    ///
    /// With replicas (data-parallel training, the batch's images split over processes), μ and σ² are those of the
    /// whole batch: the per-channel sums Σ x, Σ (x − μ)² and, backwards, Σ ĝ and Σ ĝ·x̂ are summed over the replicas
    /// (three all-reduces, of C + 1, C and 2C numbers; M counts every replica's values, at least 2 in all), so outputs
    /// and input gradients are those of one process holding every image, as PyTorch's `SyncBatchNorm` gives. dγ and
    /// dβ stay this replica's own, as every parameter's gradient does until the step's gradient all-reduce adds them.
    /// Every replica makes the same calls in the same order.
    package static func batchNormalized(_ x: Tensor, scale: Tensor, shift: Tensor, epsilon: Double, appliesReLU: Bool,
                                        over replicas: (any ReplicaGroup)?) -> (output: Tensor, statistics: BatchStatistics) {
        require(x.rank == 4 && scale.shape == [x.shape[1]] && shift.shape == [x.shape[1]] && scale.dtype == x.dtype && shift.dtype == x.dtype,
                "batchNormalized: input \(x.shape) \(x.dtype) with scale \(scale.shape) and shift \(shift.shape) (expected [N, C, H, W], [C], [C])")
        let layout = ChannelLayout(batch: x.shape[0], channels: x.shape[1], plane: x.shape[2] * x.shape[3])
        require(replicas != nil || layout.count >= 2, "batchNormalized: needs at least 2 values per channel, shape is \(x.shape)")
        let mean = Tensor(uninitializedShape: [layout.channels], dtype: x.dtype), variance = Tensor(uninitializedShape: [layout.channels], dtype: x.dtype)
        let result = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
        let count: Double
        switch x.dtype {
        case .float32:
            count = BatchNormKernels.forward(layout, x.pointer(Float.self), scale.pointer(Float.self), shift.pointer(Float.self), epsilon, appliesReLU,
                                             mean.pointer(Float.self), variance.pointer(Float.self), result.pointer(Float.self), replicas)
        case .float64:
            count = BatchNormKernels.forward(layout, x.pointer(Double.self), scale.pointer(Double.self), shift.pointer(Double.self), epsilon, appliesReLU,
                                             mean.pointer(Double.self), variance.pointer(Double.self), result.pointer(Double.self), replicas)
        }
        let statistics = BatchStatistics(mean: mean, variance: variance, count: count)
        guard let inputs = recordedInputs(x, scale, shift) else { return (result, statistics) }
        let input = x.detached(), gamma = scale.detached(), beta = shift.detached()
        let xNode = x.node, scaleNode = scale.node, shiftNode = shift.node
        let output = result.recorded(from: inputs) { g in
            let scaleGradient = Tensor(uninitializedShape: [layout.channels], dtype: g.dtype)
            let shiftGradient = Tensor(uninitializedShape: [layout.channels], dtype: g.dtype)
            func run(_ dx: UnsafeMutableRawPointer?, _ accumulate: Bool) {
                switch g.dtype {
                case .float32:
                    BatchNormKernels.backward(layout, g.pointer(Float.self), input.pointer(Float.self), gamma.pointer(Float.self), beta.pointer(Float.self),
                                              mean.pointer(Float.self), variance.pointer(Float.self), epsilon, appliesReLU,
                                              dx?.assumingMemoryBound(to: Float.self), accumulate, scaleGradient.pointer(Float.self), shiftGradient.pointer(Float.self),
                                              replicas, count)
                case .float64:
                    BatchNormKernels.backward(layout, g.pointer(Double.self), input.pointer(Double.self), gamma.pointer(Double.self), beta.pointer(Double.self),
                                              mean.pointer(Double.self), variance.pointer(Double.self), epsilon, appliesReLU,
                                              dx?.assumingMemoryBound(to: Double.self), accumulate, scaleGradient.pointer(Double.self), shiftGradient.pointer(Double.self),
                                              replicas, count)
                }
            }
            if let xNode { xNode.accumulate { target, accumulate in run(target, accumulate) } } else { run(nil, false) }
            scaleNode?.accumulate(scaleGradient)
            shiftNode?.accumulate(shiftGradient)
        }
        return (output, statistics)
    }
}

/// An `[N, C, H, W]` batch seen as N × C planes of H·W values.
struct ChannelLayout {
    let batch: Int
    let channels: Int
    let plane: Int
    /// Values per channel, M = N·H·W.
    var count: Int { batch * plane }
}

/// The loops of `Tensor.batchNormalized`, one part per channel. One process runs each channel's passes back to
/// back (`forward`, `backward`: the channel's values are still in cache for the second and third pass); replicas
/// run each pass over every channel, sum its per-channel results over the replicas, then run the next
/// (`replicaForward`, `replicaBackward`). Both call the same per-channel passes, so one replica gives the bits one process gives.
enum BatchNormKernels {
    static func forward<T: KernelScalar>(_ l: ChannelLayout, _ x: UnsafePointer<T>, _ gamma: UnsafePointer<T>, _ beta: UnsafePointer<T>,
                                         _ epsilon: Double, _ relu: Bool, _ mean: UnsafeMutablePointer<T>, _ variance: UnsafeMutablePointer<T>,
                                         _ y: UnsafeMutablePointer<T>, _ replicas: (any ReplicaGroup)?) -> Double {
        if let replicas { return replicaForward(l, x, gamma, beta, epsilon, relu, mean, variance, y, replicas) }
        WorkerPool.current.run(parts: l.channels) { c in
            let muT = T(channelTotal(l, x, c) / Double(l.count))
            mean[c] = muT
            variance[c] = T(channelSquares(l, x, c, muT) / Double(l.count))
            normalize(l, x, y, c, coefficients(gamma[c], beta[c], muT, variance[c], epsilon), relu)
        }
        return Double(l.count)
    }

    static func backward<T: KernelScalar>(_ l: ChannelLayout, _ g: UnsafePointer<T>, _ x: UnsafePointer<T>, _ gamma: UnsafePointer<T>,
                                          _ beta: UnsafePointer<T>, _ mean: UnsafePointer<T>, _ variance: UnsafePointer<T>, _ epsilon: Double,
                                          _ relu: Bool, _ dx: UnsafeMutablePointer<T>?, _ accumulate: Bool,
                                          _ dGamma: UnsafeMutablePointer<T>, _ dBeta: UnsafeMutablePointer<T>,
                                          _ replicas: (any ReplicaGroup)?, _ count: Double) {
        if let replicas { return replicaBackward(l, g, x, gamma, beta, mean, variance, epsilon, relu, dx, accumulate, dGamma, dBeta, replicas, count) }
        WorkerPool.current.run(parts: l.channels) { c in
            let ab = coefficients(gamma[c], beta[c], mean[c], variance[c], epsilon)
            let (sumG, sumGX) = gradientSums(l, g, x, c, ab, mean[c], variance[c], epsilon, relu)
            dBeta[c] = T(sumG)
            dGamma[c] = T(sumGX)
            guard let dx else { return }
            inputGradient(l, g, x, dx, c, ab, mean[c], variance[c], epsilon, relu, sums: (sumG, sumGX), count: Double(l.count), accumulate)
        }
    }

    /// The affine map a·x + b of the normalisation, a = γ/√(σ² + ε), b = β − μ·a; forward and backward compute
    /// the same a and b, so that both see the same ReLU mask.
    @inline(__always)
    static func coefficients<T: KernelScalar>(_ gamma: T, _ beta: T, _ mu: T, _ sigma2: T, _ epsilon: Double) -> (a: T, b: T) {
        let a = T(Double(gamma) / (Double(sigma2) + epsilon).squareRoot())
        return (a, beta - mu * a)
    }

    /// Σ x over channel `c`'s N·H·W values.
    @inline(__always)
    static func channelTotal<T: KernelScalar>(_ l: ChannelLayout, _ x: UnsafePointer<T>, _ c: Int) -> Double {
        var total = 0.0
        for n in 0..<l.batch { total += Double(Tensor.contiguousSum(x + (n * l.channels + c) * l.plane, l.plane)) }
        return total
    }

    /// Σ (x − μ)² over channel `c`'s values.
    @inline(__always)
    static func channelSquares<T: KernelScalar>(_ l: ChannelLayout, _ x: UnsafePointer<T>, _ c: Int, _ mu: T) -> Double {
        var squares = 0.0
        for n in 0..<l.batch { squares += centeredSquares(x + (n * l.channels + c) * l.plane, l.plane, mu) }
        return squares
    }

    /// y = a·x + b on channel `c` (then ReLU when `relu`); Float in `CKernels`' build for this CPU.
    @inline(__always)
    static func normalize<T: KernelScalar>(_ l: ChannelLayout, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ c: Int, _ ab: (a: T, b: T), _ relu: Bool) {
        let (a, b) = ab
        for n in 0..<l.batch {
            let p = x + (n * l.channels + c) * l.plane, q = y + (n * l.channels + c) * l.plane
            if T.self == Float.self {
                lgf_batch_norm_normalize(CPUFeatures.level, UnsafeRawPointer(p).assumingMemoryBound(to: Float.self),
                                         UnsafeMutableRawPointer(q).assumingMemoryBound(to: Float.self), l.plane, Float(a), Float(b), relu)
                continue
            }
            if relu { for i in 0..<l.plane { let v = p[i] * a + b; q[i] = v > 0 ? v : 0 } } else { for i in 0..<l.plane { q[i] = p[i] * a + b } }
        }
    }

    /// (dβ, dγ) of channel `c`: (Σ ĝ, Σ ĝ·x̂), ĝ the output gradient where the ReLU passed it.
    @inline(__always)
    static func gradientSums<T: KernelScalar>(_ l: ChannelLayout, _ g: UnsafePointer<T>, _ x: UnsafePointer<T>, _ c: Int, _ ab: (a: T, b: T),
                                              _ mu: T, _ sigma2: T, _ epsilon: Double, _ relu: Bool) -> (Double, Double) {
        let invstd = T(1 / (Double(sigma2) + epsilon).squareRoot())
        var sumG = 0.0, sumGX = 0.0
        for n in 0..<l.batch {
            let offset = (n * l.channels + c) * l.plane
            let (s, t) = maskedSums(g + offset, x + offset, l.plane, ab.a, ab.b, mu, relu)
            sumG += s
            sumGX += t
        }
        return (sumG, sumGX * Double(invstd))
    }

    /// dx on channel `c` (Float in `CKernels`' build for this CPU) from the sums (Σ ĝ, Σ ĝ·x̂) over all `count` values of the channel (over every replica):
    /// dx = a·ĝ − a·dβ/M − a·x̂·dγ/M = a·ĝ + (x − μ)·k + k0.
    @inline(__always)
    static func inputGradient<T: KernelScalar>(_ l: ChannelLayout, _ g: UnsafePointer<T>, _ x: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>,
                                               _ c: Int, _ ab: (a: T, b: T), _ mu: T, _ sigma2: T, _ epsilon: Double, _ relu: Bool,
                                               sums: (g: Double, gx: Double), count m: Double, _ accumulate: Bool) {
        let (a, b) = ab
        let invstd = T(1 / (Double(sigma2) + epsilon).squareRoot())
        let k = T(-Double(a) * sums.gx / m * Double(invstd)), k0 = T(-Double(a) * sums.g / m) - mu * k
        for n in 0..<l.batch {
            let offset = (n * l.channels + c) * l.plane, p = x + offset, q = g + offset, r = dx + offset
            if T.self == Float.self {
                lgf_batch_norm_input_gradient(CPUFeatures.level, UnsafeRawPointer(q).assumingMemoryBound(to: Float.self),
                                              UnsafeRawPointer(p).assumingMemoryBound(to: Float.self),
                                              UnsafeMutableRawPointer(r).assumingMemoryBound(to: Float.self), l.plane, Float(a), Float(b),
                                              Float(k), Float(k0), relu, accumulate)
                continue
            }
            for i in 0..<l.plane {
                let gi = relu && p[i] * a + b <= 0 ? 0 : q[i]
                let value = a * gi + p[i] * k + k0
                r[i] = accumulate ? r[i] + value : value
            }
        }
    }

    /// (Σ ĝ, Σ ĝ·(x − μ)) over one plane, ĝ = g where the ReLU passed (x·a + b > 0) or everywhere without it.
    /// Float runs eight lanes at a time in `CKernels` (`lgf_masked_sums`; a scalar loop of sums cannot be vectorised:
    /// reordering changes rounding).
    @inline(__always)
    static func maskedSums<T: KernelScalar>(_ g: UnsafePointer<T>, _ x: UnsafePointer<T>, _ count: Int, _ a: T, _ b: T, _ mu: T, _ relu: Bool) -> (Double, Double) {
        if T.self == Float.self {
            var sums = 0.0, products = 0.0
            lgf_masked_sums(CPUFeatures.level, UnsafeRawPointer(g).assumingMemoryBound(to: Float.self),
                            UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), count, Float(a), Float(b), Float(mu), relu, &sums, &products)
            return (sums, products)
        }
        var s: T = 0, t: T = 0
        for i in 0..<count {
            let gi = relu && x[i] * a + b <= 0 ? 0 : g[i]
            s += gi
            t += gi * (x[i] - mu)
        }
        return (Double(s), Double(t))
    }

    /// Σ (x − μ)² over one plane (Float eight lanes at a time in `CKernels`, as `maskedSums`).
    @inline(__always)
    static func centeredSquares<T: KernelScalar>(_ x: UnsafePointer<T>, _ count: Int, _ mu: T) -> Double {
        if T.self == Float.self {
            return lgf_centered_squares(CPUFeatures.level, UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), count, Float(mu))
        }
        var total: T = 0
        for i in 0..<count { let d = x[i] - mu; total += d * d }
        return Double(total)
    }
}
