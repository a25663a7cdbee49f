// MARK: - Batch normalisation of images split over data-parallel replicas

extension BatchNormKernels {
    /// `forward` over the whole batch when its images are split over `replicas`: each pass runs over every channel,
    /// and its per-channel sums are added over the replicas before the next pass uses them.
    /// - Returns: M, the values per channel over every replica.
    static func replicaForward<T: KernelScalar>(_ l: ChannelLayout, _ x: UnsafePointer<T>, _ gamma: UnsafePointer<T>, _ beta: UnsafePointer<T>,
                                                _ epsilon: Double, _ relu: Bool, _ mean: UnsafeMutablePointer<T>,
                                                _ variance: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>,
                                                _ replicas: any ReplicaGroup) -> Double {
        var totals = perChannel(l.channels, width: 1) { c, out in out[0] = channelTotal(l, x, c) }
        totals.append(Double(l.count))
        replicas.sumOverReplicas(&totals)
        let m = totals[l.channels]
        require(m >= 2, "batchNormalized: needs at least 2 values per channel over the replicas, \(m) in all")
        for c in 0..<l.channels { mean[c] = T(totals[c] / m) }
        var squares = perChannel(l.channels, width: 1) { c, out in out[0] = channelSquares(l, x, c, mean[c]) }
        replicas.sumOverReplicas(&squares)
        for c in 0..<l.channels { variance[c] = T(squares[c] / m) }
        WorkerPool.current.run(parts: l.channels) { c in
            normalize(l, x, y, c, coefficients(gamma[c], beta[c], mean[c], variance[c], epsilon), relu)
        }
        return m
    }

    /// `backward` when the batch's images are split over `replicas`: dγ and dβ are this replica's sums; dx uses
    /// the sums over every replica and their `count` values per channel.
    static func replicaBackward<T: KernelScalar>(_ l: ChannelLayout, _ g: UnsafePointer<T>, _ x: UnsafePointer<T>, _ gamma: UnsafePointer<T>,
                                                 _ beta: UnsafePointer<T>, _ mean: UnsafePointer<T>, _ variance: UnsafePointer<T>,
                                                 _ epsilon: Double, _ relu: Bool, _ dx: UnsafeMutablePointer<T>?, _ accumulate: Bool,
                                                 _ dGamma: UnsafeMutablePointer<T>, _ dBeta: UnsafeMutablePointer<T>,
                                                 _ replicas: any ReplicaGroup, _ count: Double) {
        // [Σ ĝ for every channel, then Σ ĝ·x̂ for every channel].
        var sums = perChannel(l.channels, width: 2) { c, out in
            (out[0], out[1]) = gradientSums(l, g, x, c, coefficients(gamma[c], beta[c], mean[c], variance[c], epsilon), mean[c], variance[c], epsilon, relu)
        }
        for c in 0..<l.channels {
            dBeta[c] = T(sums[c])
            dGamma[c] = T(sums[l.channels + c])
        }
        // Every replica's graph has the same structure, so all of them need dx here or none does.
        guard let dx else { return }
        replicas.sumOverReplicas(&sums)
        WorkerPool.current.run(parts: l.channels) { c in
            inputGradient(l, g, x, dx, c, coefficients(gamma[c], beta[c], mean[c], variance[c], epsilon), mean[c], variance[c], epsilon, relu,
                          sums: (sums[c], sums[l.channels + c]), count: count, accumulate)
        }
    }

    /// `width` numbers per channel, computed in parallel: `[first of every channel, then second of every channel…]`.
    private static func perChannel(_ channels: Int, width: Int, _ body: (Int, inout [Double]) -> Void) -> [Double] {
        var values = [Double](repeating: 0, count: channels * width)
        values.withUnsafeMutableBufferPointer { buffer in
            WorkerPool.current.run(parts: channels) { c in
                var out = [Double](repeating: 0, count: width)
                body(c, &out)
                for k in 0..<width { buffer[k * channels + c] = out[k] }
            }
        }
        return values
    }
}
