// MARK: - x·(W ⊙ M)ᵀ + b, skipping the mask's zero blocks

extension Tensor {
    /// x·(W ⊙ M)ᵀ + b for a batch `x` `[batch, in]`, weight and mask `[out, in]`, bias `[out]`, where `blocks`
    /// describes `mask` (`MaskBlocks(mask:)`). Equal to `linear(x, weight: weight * mask, bias: bias)`, but every
    /// product runs strip by strip over the mask's nonzero blocks only:
    /// - forward, output strip s: y[:, s] = x[:, span_s]·(W ⊙ M)[s, span_s]ᵀ + b[s];
    /// - input gradient, input strip t: dx[:, t] = g[:, span_t]·(W ⊙ M)[span_t, t];
    /// - weight gradient, output strip s: dW[s, span_s] = (g[:, s]ᵀ·x[:, span_s]) ⊙ M[s, span_s], zero elsewhere.
    /// The mask is a constant (no gradient flows to it). With `tanh`, returns tanh of that (a MADE hidden layer), the tanh
    /// applied strip by strip inside the products on this package's own kernel (as in `linearTanh`).
    package static func maskedLinear(_ x: Tensor, weight: Tensor, mask: Tensor, blocks: MaskBlocks, bias: Tensor?, tanh: Bool = false) -> Tensor {
        require(x.rank == 2 && weight.rank == 2 && x.shape[1] == weight.shape[1] && x.dtype == weight.dtype,
                "maskedLinear: input \(x.shape) \(x.dtype) does not fit weight \(weight.shape) \(weight.dtype)")
        require(mask.shape == weight.shape && mask.dtype == weight.dtype && blocks.rowCount == weight.shape[0] && blocks.columnCount == weight.shape[1],
                "maskedLinear: mask \(mask.shape) \(mask.dtype) (blocks \(blocks.rowCount)×\(blocks.columnCount)) for weight \(weight.shape) \(weight.dtype)")
        if let bias {
            require(bias.shape == [weight.shape[0]] && bias.dtype == x.dtype, "maskedLinear: bias \(bias.shape) for \(weight.shape[0]) outputs")
        }
        let masked = weight.detached() * mask
        let result = Tensor(uninitializedShape: [x.shape[0], weight.shape[0]], dtype: x.dtype)
        switch x.dtype {
        case .float32: stripForward(Float.self, x, masked, bias, blocks, tanh: tanh, into: result)
        case .float64: stripForward(Double.self, x, masked, bias, blocks, tanh: tanh, into: result)
        }
        let operands = bias.map { [x, weight, $0] } ?? [x, weight]
        guard let inputs = recordedInputs(of: operands) else { return result }
        // As in `linear`: the masked weight is kept only if the input needs a gradient, the input only if the weight does.
        let input = weight.node == nil ? nil : x.detached(), kernel = x.node == nil ? nil : masked
        let output = tanh ? result.detached() : nil
        return result.recorded(from: inputs) { [xNode = x.node, wNode = weight.node, bNode = bias?.node] outputGradient in
            // Through tanh first (y′ = 1 − y²), once for the three products.
            let (g, tanhBiasGradient) = output.map { tanhBackward(outputGradient, output: $0, columnSums: bNode != nil) } ?? (outputGradient, nil)
            if let xNode, let kernel {
                xNode.accumulate { target, accumulate in
                    switch g.dtype {
                    case .float32: stripInputGradient(Float.self, g, kernel, blocks, into: target, accumulate: accumulate)
                    case .float64: stripInputGradient(Double.self, g, kernel, blocks, into: target, accumulate: accumulate)
                    }
                }
            }
            if let wNode, let input {
                let gradient = Tensor(uninitializedShape: mask.shape, dtype: g.dtype)
                switch g.dtype {
                case .float32: stripWeightGradient(Float.self, g, input, mask, blocks, into: gradient)
                case .float64: stripWeightGradient(Double.self, g, input, mask, blocks, into: gradient)
                }
                wNode.accumulate(gradient)
            }
            if let bNode { bNode.accumulate(tanhBiasGradient ?? g.sum(alongAxis: 0).detached()) }
        }
    }

    private static func stripForward<T: KernelScalar>(_: T.Type, _ x: Tensor, _ masked: Tensor, _ bias: Tensor?, _ blocks: MaskBlocks,
                                                      tanh: Bool, into result: Tensor) {
        let batch = x.shape[0], inputs = x.shape[1], outputs = masked.shape[0]
        let xs = UnsafePointer(x.pointer(T.self)), ws = UnsafePointer(masked.pointer(T.self)), ys = result.pointer(T.self)
        let bs = bias.map { UnsafePointer($0.pointer(T.self)) }
        for strip in blocks.rowStrips {
            let rows = strip.lines, span = strip.span
            T.matrixProduct(transposeA: false, transposeB: true, m: batch, n: rows.count, k: span.count,
                            a: xs + span.lowerBound, lda: inputs, b: ws + rows.lowerBound * inputs + span.lowerBound, ldb: inputs,
                            c: ys + rows.lowerBound, ldc: outputs, accumulate: false, bias: bs.map { $0 + rows.lowerBound }, tanh: tanh)
        }
    }

    private static func stripInputGradient<T: KernelScalar>(_: T.Type, _ g: Tensor, _ masked: Tensor, _ blocks: MaskBlocks,
                                                            into target: UnsafeMutableRawPointer, accumulate: Bool) {
        let batch = g.shape[0], outputs = masked.shape[0], inputs = masked.shape[1]
        let gs = UnsafePointer(g.pointer(T.self)), ws = UnsafePointer(masked.pointer(T.self)), dx = target.assumingMemoryBound(to: T.self)
        for strip in blocks.columnStrips {
            let columns = strip.lines, span = strip.span
            T.matrixProduct(transposeA: false, transposeB: false, m: batch, n: columns.count, k: span.count,
                            a: gs + span.lowerBound, lda: outputs, b: ws + span.lowerBound * inputs + columns.lowerBound, ldb: inputs,
                            c: dx + columns.lowerBound, ldc: inputs, accumulate: accumulate, bias: nil)
        }
    }

    private static func stripWeightGradient<T: KernelScalar>(_: T.Type, _ g: Tensor, _ x: Tensor, _ mask: Tensor, _ blocks: MaskBlocks,
                                                             into gradient: Tensor) {
        let batch = g.shape[0], outputs = mask.shape[0], inputs = mask.shape[1]
        let gs = UnsafePointer(g.pointer(T.self)), xs = UnsafePointer(x.pointer(T.self))
        let ms = UnsafePointer(mask.pointer(T.self)), dw = gradient.pointer(T.self)
        for strip in blocks.rowStrips {
            let rows = strip.lines, span = strip.span
            for row in rows {
                let line = dw + row * inputs
                line.update(repeating: 0, count: span.lowerBound)
                (line + span.upperBound).update(repeating: 0, count: inputs - span.upperBound)
            }
            T.matrixProduct(transposeA: true, transposeB: false, m: rows.count, n: span.count, k: batch,
                            a: gs + rows.lowerBound, lda: outputs, b: xs + span.lowerBound, ldb: inputs,
                            c: dw + rows.lowerBound * inputs + span.lowerBound, ldc: inputs, accumulate: false, bias: nil)
            for row in rows {
                let line = dw + row * inputs, weights = ms + row * inputs
                for column in span { line[column] *= weights[column] }
            }
        }
    }
}
