// MARK: - Convolution kernels: padded planes, shifted products, per-part partial weight gradients

/// The loops behind `Tensor.conv2d`, generic over the element type, on raw pointers; see `ConvolutionGeometry` for
/// the padded layout. Work is split into parts of a few images (`WorkerPool.current`), each with its own scratch.
enum ConvolutionKernels {
    /// Weights rearranged for the forward product: per tap `[Cout][Cin]` (`perTap`) or the natural `[Cout][Cin·k²]`.
    static func forwardWeights<T: KernelScalar>(_ w: UnsafePointer<T>, _ g: ConvolutionGeometry, _ method: ConvolutionMethod) -> [T] {
        let (co, ci, taps) = (g.outputChannels, g.inputChannels, g.tapCount)
        if method == .gatheredColumns { return Array(UnsafeBufferPointer(start: w, count: co * ci * taps)) }
        var result = [T](repeating: 0, count: co * ci * taps)
        for o in 0..<co { for i in 0..<ci { for t in 0..<taps { result[(t * co + o) * ci + i] = w[(o * ci + i) * taps + t] } } }
        return result
    }

    /// Weights for the input's gradient, a correlation of the padded output gradient with the flipped kernel over
    /// output channels: per tap `[Cin][Cout]` (`perTap`) or `[Cin][Cout·k²]` (`gatheredColumns`), tap t taking
    /// W[·, ·, k²−1−t].
    static func inputGradientWeights<T: KernelScalar>(_ w: UnsafePointer<T>, _ g: ConvolutionGeometry, _ method: ConvolutionMethod) -> [T] {
        let (co, ci, taps) = (g.outputChannels, g.inputChannels, g.tapCount)
        var result = [T](repeating: 0, count: co * ci * taps)
        for o in 0..<co {
            for i in 0..<ci {
                for t in 0..<taps {
                    let value = w[(o * ci + i) * taps + (taps - 1 - t)]
                    if method == .gatheredColumns { result[(i * co + o) * taps + t] = value } else { result[(t * ci + i) * co + o] = value }
                }
            }
        }
        return result
    }

    /// Copies `channels` planes of one image into the interior of zero-bordered padded planes.
    static func pad<T: KernelScalar>(_ source: UnsafePointer<T>, channels: Int, _ g: ConvolutionGeometry, into target: UnsafeMutablePointer<T>) {
        let (h, w, wp, p) = (g.height, g.width, g.paddedWidth, g.padding)
        for c in 0..<channels {
            let from = source + c * g.plane, to = target + c * g.paddedPlane + p * wp + p
            for row in 0..<h {
                let s = from + row * w, d = to + row * wp
                for column in 0..<w { d[column] = s[column] }
            }
        }
    }

    /// The k² shifted copies of every padded channel, `[channels·k²][wideCount]` (im2col on the padded grid).
    static func gatherColumns<T: KernelScalar>(_ padded: UnsafePointer<T>, channels: Int, _ g: ConvolutionGeometry, into columns: UnsafeMutablePointer<T>) {
        let wide = g.wideCount
        for c in 0..<channels {
            for t in 0..<g.tapCount {
                (columns + (c * g.tapCount + t) * wide).update(from: padded + c * g.paddedPlane + g.tapOffset(t), count: wide)
            }
        }
    }

    /// out `[rows][wideCount]` = Σ_taps A_t · (padded shifted by the tap), contracting over `channels`.
    /// `columns` is scratch of `channels·k²·wideCount` elements for `gatheredColumns`.
    /// `direct`, when given, computes the per-tap sums on `CKernels`' AVX-512 register tiles (`DirectCorrelation`) instead of OpenBLAS.
    static func correlate<T: KernelScalar>(_ a: UnsafePointer<T>, _ padded: UnsafePointer<T>, channels: Int, rows: Int, _ g: ConvolutionGeometry,
                                           _ method: ConvolutionMethod, columns: UnsafeMutablePointer<T>?, direct: DirectCorrelation?,
                                           into out: UnsafeMutablePointer<T>, ldc: Int) {
        let wide = g.wideCount
        if let direct {
            direct.correlate(padded, g, into: out, ldc: ldc)
            return
        }
        if method == .gatheredColumns, let columns {
            gatherColumns(padded, channels: channels, g, into: columns)
            T.gemm(transposeA: false, transposeB: false, m: rows, n: wide, k: channels * g.tapCount, a: a, lda: channels * g.tapCount,
                   b: columns, ldb: wide, accumulate: false, c: out, ldc: ldc, bias: nil, tanh: false)
            return
        }
        for t in 0..<g.tapCount {
            T.gemm(transposeA: false, transposeB: false, m: rows, n: wide, k: channels, a: a + t * rows * channels, lda: channels,
                   b: padded + g.tapOffset(t), ldb: g.paddedPlane, accumulate: t > 0, c: out, ldc: ldc, bias: nil, tanh: false)
        }
    }

    /// Copies (or adds) the valid positions of a wide result `[channels][wideCount]` into an NCHW image, plus a
    /// per-channel bias when given.
    static func extract<T: KernelScalar>(_ wide: UnsafePointer<T>, channels: Int, _ g: ConvolutionGeometry, bias: UnsafePointer<T>?,
                                         accumulate: Bool, into image: UnsafeMutablePointer<T>) {
        let (h, w, wp) = (g.height, g.width, g.paddedWidth)
        for c in 0..<channels {
            let b: T = bias?[c] ?? 0
            for row in 0..<h {
                let s = wide + c * g.wideCount + row * wp, d = image + c * g.plane + row * w
                if accumulate { for column in 0..<w { d[column] += s[column] } } else { for column in 0..<w { d[column] = s[column] + b } }
            }
        }
    }

    /// Scratch of `count` elements from the buffer pool, its first `zeroed` set to zero (padded planes, whose
    /// borders must be zero; the rest is written before it is read).
    static func withScratch<T: KernelScalar>(_: T.Type, count: Int, zeroed: Int, _ body: (UnsafeMutablePointer<T>) -> Void) {
        let byteCount = Swift.max(count, 1) * MemoryLayout<T>.stride
        let raw = BufferPool.shared.checkout(byteCount: byteCount)
        defer { BufferPool.shared.recycle(raw, byteCount: byteCount) }
        let pointer = raw.bindMemory(to: T.self, capacity: Swift.max(count, 1))
        pointer.update(repeating: 0, count: zeroed)
        body(pointer)
    }

    /// Runs `body(part)` for every part on the current pool, with OpenBLAS single-threaded when several of our threads
    /// issue products at once.
    ///
    /// Every part's products are float32 whatever `ProductPrecision.current` (convolutions have no bf16 kernel, and
    /// parts on the pool's helpers would not see a caller's scope).
    static func forEachPart(_ g: ConvolutionGeometry, _ body: (Int) -> Void) {
        let pool = WorkerPool.current
        ProductPrecision.with(.fp32) {
            if pool.threadCount > 1 && g.partCount > 1 {
                BLAS.withOneThread { pool.run(parts: g.partCount, body) }
            } else {
                for part in 0..<g.partCount { body(part) }
            }
        }
    }

    // MARK: Forward

    /// y = conv(x, w) + b for the whole batch, by Winograd's transforms where `plan` says so.
    static func forward<T: KernelScalar>(_ g: ConvolutionGeometry, x: UnsafePointer<T>, w: UnsafePointer<T>, bias: UnsafePointer<T>?,
                                         plan: ConvolutionPlan, y: UnsafeMutablePointer<T>) {
        if let transform = plan.forward {
            let filters = WinogradKernels.transformedFilters(WinogradKernels.tapMajorFilters(w, g, flipped: false), transform)
            WinogradKernels.correlate(g, transform, source: x, channels: g.inputChannels, filters: filters, rows: g.outputChannels, bias: bias,
                                      accumulate: false, into: y)
            return
        }
        let method = plan.directMethod.resolved(channels: g.inputChannels)
        let weights = forwardWeights(w, g, method)
        let (ci, co) = (g.inputChannels, g.outputChannels)
        let columnCount = method == .gatheredColumns ? ci * g.tapCount * g.wideCount : 0
        let direct = DirectCorrelation(weights: weights, rows: co, channels: ci, g, method: method)
        let scratchCount = ci * g.paddedPlane + co * g.wideCount + columnCount + DirectCorrelation.sourceSlack
        weights.withUnsafeBufferPointer { buffer in
            guard let a = buffer.baseAddress else { return }
            forEachPart(g) { part in
                withScratch(T.self, count: scratchCount, zeroed: ci * g.paddedPlane) { scratch in
                    let padded = scratch, wide = scratch + ci * g.paddedPlane, columns = wide + co * g.wideCount
                    for n in g.images(ofPart: part) {
                        pad(x + n * ci * g.plane, channels: ci, g, into: padded)
                        correlate(a, padded, channels: ci, rows: co, g, method, columns: columnCount > 0 ? columns : nil, direct: direct,
                                  into: wide, ldc: g.wideCount)
                        extract(wide, channels: co, g, bias: bias, accumulate: false, into: y + n * co * g.plane)
                    }
                }
            }
        }
    }

    // MARK: Backward

    /// The gradients from the output gradient `dy`: into `dx` (written, or added when `accumulateInput`) when given,
    /// and, when `x` and `dw` are given, the weight gradient `[Cout, Cin, k, k]` into `dw` and, when given, the bias
    /// gradient into `db`; each pass by Winograd's transforms where `plan` says so.
    /// Weight gradients are summed per part, then the parts in order (the same sums for every thread count).
    static func backward<T: KernelScalar>(_ g: ConvolutionGeometry, dy: UnsafePointer<T>, x: UnsafePointer<T>?, w: UnsafePointer<T>?,
                                          plan: ConvolutionPlan, dx: UnsafeMutablePointer<T>?, accumulateInput: Bool,
                                          dw: UnsafeMutablePointer<T>?, db: UnsafeMutablePointer<T>?) {
        let (ci, co, taps) = (g.inputChannels, g.outputChannels, g.tapCount)
        let winogradInput = dx != nil && w != nil ? plan.inputGradient : nil
        let winogradWeights = dw != nil && x != nil ? plan.weightGradient : nil
        if let transform = winogradInput, let dx, let w {
            let filters = WinogradKernels.transformedFilters(WinogradKernels.tapMajorFilters(w, g, flipped: true), transform)
            WinogradKernels.correlate(g, transform, source: dy, channels: co, filters: filters, rows: ci, bias: nil, accumulate: accumulateInput,
                                      into: dx)
        }
        let weightSize = co * ci * taps, partialSize = weightSize + co
        let partialCount = dw == nil ? 0 : g.partCount * partialSize
        withScratch(T.self, count: partialCount, zeroed: 0) { partialBase in
            let directInput = winogradInput == nil ? dx : nil, directPartials = dw != nil && winogradWeights == nil ? partialBase : nil
            if directInput != nil || directPartials != nil {
                backwardParts(g, dy: dy, x: x, w: w, method: plan.directMethod, dx: directInput, accumulateInput: accumulateInput,
                              partials: directPartials, partialSize: partialSize, computesBiasGradient: db != nil)
            }
            if let transform = winogradWeights, let x {
                WinogradKernels.weightGradientParts(g, transform, x: x, dy: dy, into: partialBase, partialSize: partialSize,
                                                    computesBiasGradient: db != nil)
            }
            guard let dw else { return }
            let sums = partialBase
            // Every part's partial in order into the first one: the same sums for every thread count.
            for part in 1..<Swift.max(g.partCount, 1) {
                let offset = part * partialSize
                for i in 0..<partialSize { sums[i] += partialBase[offset + i] }
            }
            // Where each filter element's sum lies in a partial: per tap [Cout][Cin] (per-tap products), [Cout][Cin·k²]
            // (gathered columns), per tap [Cin][Cout] (Winograd).
            let layout: ConvolutionMethod = winogradWeights != nil ? .winograd : plan.directMethod.resolved(channels: ci)
            for o in 0..<co {
                db?[o] = sums[weightSize + o]
                for i in 0..<ci {
                    for t in 0..<taps {
                        let index = switch layout {
                        case .gatheredColumns: (o * ci + i) * taps + t
                        case .winograd: (t * ci + i) * co + o
                        case .automatic, .perTap: (t * co + o) * ci + i
                        }
                        dw[(o * ci + i) * taps + t] = sums[index]
                    }
                }
            }
        }
    }

    /// The per-part work of `backward`: the input's gradient image by image, and each part's weight and bias gradient
    /// sums into its slot of `partials` (`partialSize` elements each).
    private static func backwardParts<T: KernelScalar>(_ g: ConvolutionGeometry, dy: UnsafePointer<T>, x: UnsafePointer<T>?, w: UnsafePointer<T>?,
                                                       method requested: ConvolutionMethod, dx: UnsafeMutablePointer<T>?, accumulateInput: Bool,
                                                       partials partialBase: UnsafeMutablePointer<T>?, partialSize: Int, computesBiasGradient: Bool) {
        let (ci, co, taps) = (g.inputChannels, g.outputChannels, g.tapCount)
        let inputMethod = requested.resolved(channels: co), weightMethod = requested.resolved(channels: ci)
        let transposedWeights: [T] = if dx != nil, let w { inputGradientWeights(w, g, inputMethod) } else { [] }
        let weightSize = co * ci * taps
        let inputColumns = dx != nil && inputMethod == .gatheredColumns ? co * taps * g.wideCount : 0
        let weightColumns = partialBase != nil && weightMethod == .gatheredColumns ? ci * taps * g.wideCount : 0
        let scratchCount = co * g.paddedPlane + ci * g.paddedPlane + ci * g.wideCount + Swift.max(inputColumns, weightColumns)
            + DirectCorrelation.sourceSlack + DirectWeightGradient.slack
        let directWeights = partialBase != nil && x != nil ? DirectWeightGradient(T.self, g, method: weightMethod) : nil
        let direct = dx != nil ? DirectCorrelation(weights: transposedWeights, rows: ci, channels: co, g, method: inputMethod) : nil
        let dyOffset = g.padding * g.paddedWidth + g.padding
        transposedWeights.withUnsafeBufferPointer { a in
            forEachPart(g) { part in
                withScratch(T.self, count: scratchCount, zeroed: (co + ci) * g.paddedPlane) { scratch in
                    let paddedDY = scratch, paddedX = scratch + co * g.paddedPlane
                    let wideDX = paddedX + ci * g.paddedPlane, columns = wideDX + ci * g.wideCount
                    let partial = partialBase.map { $0 + part * partialSize }
                    for (index, n) in g.images(ofPart: part).enumerated() {
                        pad(dy + n * co * g.plane, channels: co, g, into: paddedDY)
                        if let dx, let a = a.baseAddress {
                            correlate(a, paddedDY, channels: co, rows: ci, g, inputMethod, columns: inputColumns > 0 ? columns : nil,
                                      direct: direct, into: wideDX, ldc: g.wideCount)
                            extract(wideDX, channels: ci, g, bias: nil, accumulate: accumulateInput, into: dx + n * ci * g.plane)
                        }
                        if let partial, let x {
                            // The output gradient on the wide grid is the padded one shifted by (p, p): its discarded
                            // positions fall on the zero border, so they add nothing.
                            let wideDY = paddedDY + dyOffset
                            if let directWeights {
                                DirectWeightGradient.padTransposed(x + n * ci * g.plane, channels: ci, g, into: paddedX)
                                directWeights.accumulate(dy: wideDY, rows: co, dyStride: g.paddedPlane, transposed: paddedX, channels: ci, g,
                                                         into: partial, accumulate: index > 0)
                            } else if weightMethod == .gatheredColumns {
                                pad(x + n * ci * g.plane, channels: ci, g, into: paddedX)
                                gatherColumns(paddedX, channels: ci, g, into: columns)
                                T.gemm(transposeA: false, transposeB: true, m: co, n: ci * taps, k: g.wideCount, a: wideDY, lda: g.paddedPlane,
                                       b: columns, ldb: g.wideCount, accumulate: index > 0, c: partial, ldc: ci * taps, bias: nil, tanh: false)
                            } else {
                                pad(x + n * ci * g.plane, channels: ci, g, into: paddedX)
                                for t in 0..<taps {
                                    T.gemm(transposeA: false, transposeB: true, m: co, n: ci, k: g.wideCount, a: wideDY, lda: g.paddedPlane,
                                           b: paddedX + g.tapOffset(t), ldb: g.paddedPlane, accumulate: index > 0,
                                           c: partial + t * co * ci, ldc: ci, bias: nil, tanh: false)
                                }
                            }
                            let image = dy + n * co * g.plane
                            for o in 0..<co where computesBiasGradient {
                                let total = Tensor.contiguousSum(image + o * g.plane, g.plane)
                                partial[weightSize + o] = index > 0 ? partial[weightSize + o] + total : total
                            }
                        }
                    }
                }
            }
        }
    }
}
