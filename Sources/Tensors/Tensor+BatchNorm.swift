// MARK: - Per-channel batch normalisation of images with batch statistics, fused with an optional ReLU

/// The per-channel statistics `Tensor.batchNormalized` computed, as constants (for running averages).
public struct BatchStatistics {
    /// The mean over N, H, W: `[C]`.
    public var mean: Tensor
    /// The biased variance over N, H, W: `[C]`.
    public var variance: Tensor
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
        require(x.rank == 4 && scale.shape == [x.shape[1]] && shift.shape == [x.shape[1]] && scale.dtype == x.dtype && shift.dtype == x.dtype,
                "batchNormalized: input \(x.shape) \(x.dtype) with scale \(scale.shape) and shift \(shift.shape) (expected [N, C, H, W], [C], [C])")
        let layout = ChannelLayout(batch: x.shape[0], channels: x.shape[1], plane: x.shape[2] * x.shape[3])
        require(layout.count >= 2, "batchNormalized: needs at least 2 values per channel, shape is \(x.shape)")
        let mean = Tensor(uninitializedShape: [layout.channels], dtype: x.dtype), variance = Tensor(uninitializedShape: [layout.channels], dtype: x.dtype)
        let result = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
        switch x.dtype {
        case .float32:
            BatchNormKernels.forward(layout, x.pointer(Float.self), scale.pointer(Float.self), shift.pointer(Float.self), epsilon, appliesReLU,
                                     mean.pointer(Float.self), variance.pointer(Float.self), result.pointer(Float.self))
        case .float64:
            BatchNormKernels.forward(layout, x.pointer(Double.self), scale.pointer(Double.self), shift.pointer(Double.self), epsilon, appliesReLU,
                                     mean.pointer(Double.self), variance.pointer(Double.self), result.pointer(Double.self))
        }
        let statistics = BatchStatistics(mean: mean, variance: variance)
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
                                              dx?.assumingMemoryBound(to: Float.self), accumulate, scaleGradient.pointer(Float.self), shiftGradient.pointer(Float.self))
                case .float64:
                    BatchNormKernels.backward(layout, g.pointer(Double.self), input.pointer(Double.self), gamma.pointer(Double.self), beta.pointer(Double.self),
                                              mean.pointer(Double.self), variance.pointer(Double.self), epsilon, appliesReLU,
                                              dx?.assumingMemoryBound(to: Double.self), accumulate, scaleGradient.pointer(Double.self), shiftGradient.pointer(Double.self))
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

/// The loops of `Tensor.batchNormalized`, one part per channel.
enum BatchNormKernels {
    static func forward<T: KernelScalar>(_ l: ChannelLayout, _ x: UnsafePointer<T>, _ gamma: UnsafePointer<T>, _ beta: UnsafePointer<T>,
                                         _ epsilon: Double, _ relu: Bool, _ mean: UnsafeMutablePointer<T>, _ variance: UnsafeMutablePointer<T>,
                                         _ y: UnsafeMutablePointer<T>) {
        WorkerPool.current.run(parts: l.channels) { c in
            var total = 0.0
            for n in 0..<l.batch { total += Double(Tensor.contiguousSum(x + (n * l.channels + c) * l.plane, l.plane)) }
            let mu = total / Double(l.count), muT = T(mu)
            var squares = 0.0
            for n in 0..<l.batch { squares += centeredSquares(x + (n * l.channels + c) * l.plane, l.plane, muT) }
            let sigma2 = squares / Double(l.count)
            mean[c] = muT
            variance[c] = T(sigma2)
            // The same a and b as the backward rule computes, so that both see the same ReLU mask.
            let a = T(Double(gamma[c]) / (Double(variance[c]) + epsilon).squareRoot()), b = beta[c] - muT * a
            for n in 0..<l.batch {
                let p = x + (n * l.channels + c) * l.plane, q = y + (n * l.channels + c) * l.plane
                if relu { for i in 0..<l.plane { let v = p[i] * a + b; q[i] = v > 0 ? v : 0 } } else { for i in 0..<l.plane { q[i] = p[i] * a + b } }
            }
        }
    }

    static func backward<T: KernelScalar>(_ l: ChannelLayout, _ g: UnsafePointer<T>, _ x: UnsafePointer<T>, _ gamma: UnsafePointer<T>,
                                          _ beta: UnsafePointer<T>, _ mean: UnsafePointer<T>, _ variance: UnsafePointer<T>, _ epsilon: Double,
                                          _ relu: Bool, _ dx: UnsafeMutablePointer<T>?, _ accumulate: Bool,
                                          _ dGamma: UnsafeMutablePointer<T>, _ dBeta: UnsafeMutablePointer<T>) {
        WorkerPool.current.run(parts: l.channels) { c in
            let invstd = T(1 / (Double(variance[c]) + epsilon).squareRoot()), mu = mean[c]
            let a = T(Double(gamma[c]) / (Double(variance[c]) + epsilon).squareRoot()), b = beta[c] - mu * a
            var sumG = 0.0, sumGX = 0.0
            for n in 0..<l.batch {
                let offset = (n * l.channels + c) * l.plane
                let (s, t) = maskedSums(g + offset, x + offset, l.plane, a, b, mu, relu)
                sumG += s
                sumGX += t
            }
            sumGX *= Double(invstd)
            dBeta[c] = T(sumG)
            dGamma[c] = T(sumGX)
            guard let dx else { return }
            let m = Double(l.count)
            // dx = a·ĝ − a·dβ/M − a·x̂·dγ/M = a·ĝ + (x − μ)·k + k0.
            let k = T(-Double(a) * sumGX / m * Double(invstd)), k0 = T(-Double(a) * sumG / m) - mu * k
            for n in 0..<l.batch {
                let offset = (n * l.channels + c) * l.plane, p = x + offset, q = g + offset, r = dx + offset
                for i in 0..<l.plane {
                    let gi = relu && p[i] * a + b <= 0 ? 0 : q[i]
                    let value = a * gi + p[i] * k + k0
                    r[i] = accumulate ? r[i] + value : value
                }
            }
        }
    }

    /// (Σ ĝ, Σ ĝ·(x − μ)) over one plane, ĝ = g where the ReLU passed (x·a + b > 0) or everywhere without it.
    /// Float runs eight lanes at a time (a scalar loop of sums cannot be vectorised: reordering changes rounding).
    @inline(__always)
    static func maskedSums<T: KernelScalar>(_ g: UnsafePointer<T>, _ x: UnsafePointer<T>, _ count: Int, _ a: T, _ b: T, _ mu: T, _ relu: Bool) -> (Double, Double) {
        var i = 0, sums = 0.0, products = 0.0
        if T.self == Float.self {
            let gr = UnsafeRawPointer(g), xr = UnsafeRawPointer(x)
            let a8 = SIMD8<Float>(repeating: Float(a)), b8 = SIMD8<Float>(repeating: Float(b)), mu8 = SIMD8<Float>(repeating: Float(mu))
            var s = SIMD8<Float>(), t = SIMD8<Float>()
            while i + 8 <= count {
                let xv = xr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                var gv = gr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                if relu { gv.replace(with: 0, where: xv * a8 + b8 .<= 0) }
                s += gv
                t.addProduct(gv, xv - mu8)
                i += 8
            }
            sums = Double(s.sum())
            products = Double(t.sum())
        }
        var s: T = 0, t: T = 0
        while i < count {
            let gi = relu && x[i] * a + b <= 0 ? 0 : g[i]
            s += gi
            t += gi * (x[i] - mu)
            i += 1
        }
        return (sums + Double(s), products + Double(t))
    }

    /// Σ (x − μ)² over one plane (Float eight lanes at a time, as `maskedSums`).
    @inline(__always)
    static func centeredSquares<T: KernelScalar>(_ x: UnsafePointer<T>, _ count: Int, _ mu: T) -> Double {
        var i = 0, total = 0.0
        if T.self == Float.self {
            let xr = UnsafeRawPointer(x), mu8 = SIMD8<Float>(repeating: Float(mu))
            var s = SIMD8<Float>()
            while i + 8 <= count {
                let d = xr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self) - mu8
                s.addProduct(d, d)
                i += 8
            }
            total = Double(s.sum())
        }
        var rest: T = 0
        while i < count { let d = x[i] - mu; rest += d * d; i += 1 }
        return total + Double(rest)
    }
}
