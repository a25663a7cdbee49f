import CKernels

/// The forward and backward passes of one `Tensor.layerChain` call on raw buffers laid out by `LayerChainLayout`.
///
/// Forward, per block of rows: the padded input, then each layer's product with its bias (and, for the first layer,
/// the addend) added and the activation applied as the tile is stored; every layer's output is kept for the
/// backward pass. Backward, per block, last layer first, with P the gradient at a layer's pre-activation (the output
/// gradient for the last layer): db += Σ_rows P, dW += Pᵀ·(layer input), and the gradient at the layer's input P·W,
/// multiplied by the activation's derivative as it is stored, which is the P of the layer below.
struct LayerChainPass<T: KernelScalar> {
    let layout: LayerChainLayout
    /// `layout.packedCount` values: the packed weights and biases.
    let packed: UnsafeMutablePointer<T>
    /// `layout.activationCount` values: every layer's output (and the padded input).
    let activations: UnsafeMutablePointer<T>
    let activation: ChainActivation
    /// The `CKernels` build the float32 products run in (`CPUFeatures.level`, or lower in tests).
    let level: Int32

    private var forwardFinish: Int32 { activation == .tanh ? Int32(LGF_CHAIN_TANH) : Int32(LGF_CHAIN_RELU) }
    private var derivativeFinish: Int32 { activation == .tanh ? Int32(LGF_CHAIN_TANH_DERIVATIVE) : Int32(LGF_CHAIN_RELU_DERIVATIVE) }

    /// Writes (W ⊙ M)ᵀ, W ⊙ M and the bias of layer `layer`, zero in the padding.
    func pack(layer: Int, weight: UnsafePointer<T>, mask: UnsafePointer<T>?, bias: UnsafePointer<T>) {
        let inputs = layout.widths[layer], outputs = layout.widths[layer + 1]
        let inStride = layout.strides[layer], outStride = layout.strides[layer + 1]
        let forward = packed + layout.forwardWeightOffset(layer), backward = packed + layout.backwardWeightOffset(layer)
        let packedBias = packed + layout.biasOffset(layer)
        forward.update(repeating: 0, count: inputs * outStride)
        backward.update(repeating: 0, count: outputs * inStride)
        packedBias.update(repeating: 0, count: outStride)
        for j in 0..<outputs {
            for k in 0..<inputs {
                let value = mask.map { weight[j * inputs + k] * $0[j * inputs + k] } ?? weight[j * inputs + k]
                forward[k * outStride + j] = value
                backward[j * inStride + k] = value
            }
            packedBias[j] = bias[j]
        }
    }

    /// Copies `rows` rows of `width` values (`source` rows `width` apart) into rows `stride` apart, zero past `width`.
    private func copyPadded(_ source: UnsafePointer<T>, rows: Int, width: Int, into target: UnsafeMutablePointer<T>, stride: Int) {
        for r in 0..<rows {
            (target + r * stride).update(from: source + r * width, count: width)
            (target + r * stride + width).update(repeating: 0, count: stride - width)
        }
    }

    /// The forward pass of the rows of part `part`: their activations and their rows of `output` `[rows, out]`.
    /// `addend` is `[rows, widths[1]]`; `scratch` holds `layout.blockScratchCount` values of this part's own.
    func forward(part: Int, input: UnsafePointer<T>, addend: UnsafePointer<T>?, output: UnsafeMutablePointer<T>, scratch: UnsafeMutablePointer<T>) {
        let widths = layout.widths, strides = layout.strides, depth = layout.depth
        let range = layout.part(part)
        for start in stride(from: range.lowerBound, to: range.upperBound, by: layout.blockRows) {
            let rows = min(layout.blockRows, range.upperBound - start)
            copyPadded(input + start * widths[0], rows: rows, width: widths[0], into: block(0, start), stride: strides[0])
            let paddedAddend = scratch + 2 * layout.blockRows * layout.widestStride
            if let addend { copyPadded(addend + start * widths[1], rows: rows, width: widths[1], into: paddedAddend, stride: strides[1]) }
            for layer in 0..<depth {
                var product = LayerChainKernel.Product<T>(rows: rows, depth: widths[layer], units: strides[layer + 1] / 8,
                                                          a: block(layer, start), aRowStep: strides[layer], aDepthStep: 1,
                                                          b: packed + layout.forwardWeightOffset(layer), ldb: strides[layer + 1],
                                                          c: block(layer + 1, start), ldc: strides[layer + 1])
                product.bias = UnsafePointer(packed + layout.biasOffset(layer))
                if layer == 0, addend != nil { product.addend = UnsafePointer(paddedAddend); product.ldAddend = strides[1] }
                if layer < depth - 1 { product.finish = forwardFinish }
                LayerChainKernel.multiply(product, level: level)
            }
            let last = block(depth, start)
            for r in 0..<rows { (output + (start + r) * widths[depth]).update(from: last + r * strides[depth], count: widths[depth]) }
        }
    }

    /// Where to put the gradients of the chain's inputs; any may be `nil` when nothing needs it.
    struct GradientTargets {
        /// `[rows, widths[0]]`, overwritten or (when `accumulateInput`) added to.
        var input: UnsafeMutablePointer<T>?
        var accumulateInput = false
        /// `[rows, widths[1]]`, overwritten: the first layer's pre-activation gradient.
        var addend: UnsafeMutablePointer<T>?
        /// This part's `layout.partialCount` values, zero on entry: its dW and db sums.
        var partials: UnsafeMutablePointer<T>?
    }

    /// The backward pass of the rows of part `part` from the output gradient `gradient` `[rows, out]`.
    func backward(part: Int, gradient: UnsafePointer<T>, into targets: GradientTargets, scratch: UnsafeMutablePointer<T>) {
        let widths = layout.widths, strides = layout.strides, depth = layout.depth
        let range = layout.part(part)
        for start in stride(from: range.lowerBound, to: range.upperBound, by: layout.blockRows) {
            let rows = min(layout.blockRows, range.upperBound - start)
            var current = scratch, other = scratch + layout.blockRows * layout.widestStride
            copyPadded(gradient + start * widths[depth], rows: rows, width: widths[depth], into: current, stride: strides[depth])
            for layer in stride(from: depth - 1, through: 0, by: -1) {
                // `current`: P of this layer, `[rows][strides[layer + 1]]`.
                if let partials = targets.partials {
                    LayerChainKernel.columnSums(current, rows: rows, ldx: strides[layer + 1], units: strides[layer + 1] / 8,
                                                into: partials + layout.biasGradientOffset(layer), level: level)
                    var weightGradient = LayerChainKernel.Product<T>(rows: widths[layer + 1], depth: rows, units: strides[layer] / 8,
                                                                     a: current, aRowStep: 1, aDepthStep: strides[layer + 1],
                                                                     b: block(layer, start), ldb: strides[layer],
                                                                     c: partials + layout.weightGradientOffset(layer), ldc: strides[layer])
                    weightGradient.accumulate = true
                    LayerChainKernel.multiply(weightGradient, level: level)
                }
                if layer == 0, let addend = targets.addend {
                    for r in 0..<rows { (addend + (start + r) * widths[1]).update(from: current + r * strides[1], count: widths[1]) }
                }
                guard layer > 0 || targets.input != nil else { continue }
                var inputGradient = LayerChainKernel.Product<T>(rows: rows, depth: widths[layer + 1], units: strides[layer] / 8,
                                                                a: current, aRowStep: strides[layer + 1], aDepthStep: 1,
                                                                b: packed + layout.backwardWeightOffset(layer), ldb: strides[layer],
                                                                c: other, ldc: strides[layer])
                if layer > 0 {
                    inputGradient.paired = UnsafePointer(block(layer, start))
                    inputGradient.ldPaired = strides[layer]
                    inputGradient.finish = derivativeFinish
                }
                LayerChainKernel.multiply(inputGradient, level: level)
                swap(&current, &other)
            }
            if let input = targets.input {
                for r in 0..<rows {
                    let target = input + (start + r) * widths[0], source = current + r * strides[0]
                    if targets.accumulateInput {
                        for k in 0..<widths[0] { target[k] += source[k] }
                    } else {
                        target.update(from: source, count: widths[0])
                    }
                }
            }
        }
    }

    /// Layer `layer`'s activations from row `start` on (layer 0: the padded input).
    private func block(_ layer: Int, _ start: Int) -> UnsafeMutablePointer<T> {
        activations + layout.activationOffset(layer) + start * layout.strides[layer]
    }
}
