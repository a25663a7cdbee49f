// MARK: - 2-D convolution (stride 1, "same" zero padding) on NCHW tensors

extension Tensor {
    /// The 2-D convolution of a batch of images with a bank of k × k filters (k odd), stride 1, zero padding
    /// (k − 1)/2 so that the output keeps the input's height and width, as PyTorch's `conv2d` (a cross-correlation):
    /// y[n, o, h, w] = b[o] + Σ_{i, kh, kw} W[o, i, kh, kw] · x[n, i, h + kh − p, w + kw − p], x zero outside the image.
    ///
    /// Computed image by image on our matrix kernels, without an im2col buffer for many channels: on zero-padded planes
    /// every tap is a shifted view of the same matrix (`ConvolutionGeometry`, `ConvolutionMethod`); or, for 3 × 3
    /// kernels where `ConvolutionAlgorithm` gives it, by Winograd's transforms (`WinogradTransform`). Gradients: the
    /// input's is the correlation of the padded output gradient with the flipped kernel, the weight's a sum over
    /// images of products of the output gradient with the shifted inputs, the bias's a sum over images and positions.
    /// The images are split into parts run on `WorkerPool.current`; every result is the same for any thread count.
    /// - Parameters:
    ///   - x: `[batch, inputChannels, height, width]`.
    ///   - weight: `[outputChannels, inputChannels, k, k]` (PyTorch's layout).
    ///   - bias: `[outputChannels]`, or nil.
    ///   - method: how the channel sums are formed (the default chooses by `ConvolutionAlgorithm.current`, shape and
    ///     channel count).
    /// - Returns: `[batch, outputChannels, height, width]`.
    public static func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, method: ConvolutionMethod = .automatic) -> Tensor {
        conv2d(x, weight: weight, bias: bias) { ConvolutionPlan(method: method, $0) }
    }

    /// `conv2d` with each pass run as the plan made from the layer's geometry says.
    static func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, plan makePlan: (ConvolutionGeometry) -> ConvolutionPlan) -> Tensor {
        require(x.rank == 4 && weight.rank == 4 && x.dtype == weight.dtype && weight.shape[1] == x.shape[1],
                "conv2d: input \(x.shape) \(x.dtype) does not fit weight \(weight.shape) \(weight.dtype) (expected [N, C, H, W] and [O, C, k, k])")
        let k = weight.shape[2]
        require(weight.shape[3] == k && k % 2 == 1, "conv2d: kernel \(weight.shape) must be square with an odd size")
        if let bias {
            require(bias.shape == [weight.shape[0]] && bias.dtype == x.dtype, "conv2d: bias \(bias.shape) \(bias.dtype) for \(weight.shape[0]) output channels")
        }
        let geometry = ConvolutionGeometry(batch: x.shape[0], inputChannels: x.shape[1], outputChannels: weight.shape[0],
                                           height: x.shape[2], width: x.shape[3], kernelSize: k)
        let plan = makePlan(geometry)
        let result = Tensor(uninitializedShape: [geometry.batch, geometry.outputChannels, geometry.height, geometry.width], dtype: x.dtype)
        switch x.dtype {
        case .float32:
            ConvolutionKernels.forward(geometry, x: x.pointer(Float.self), w: weight.pointer(Float.self), bias: bias?.pointer(Float.self),
                                       plan: plan, y: result.pointer(Float.self))
        case .float64:
            ConvolutionKernels.forward(geometry, x: x.pointer(Double.self), w: weight.pointer(Double.self), bias: bias?.pointer(Double.self),
                                       plan: plan, y: result.pointer(Double.self))
        }
        let operands = bias.map { [x, weight, $0] } ?? [x, weight]
        guard let inputs = recordedInputs(of: operands) else { return result }
        let xNode = x.node, weightNode = weight.node, biasNode = bias?.node
        // Keep each operand only when a gradient that reads it is wanted (as `matmul` does).
        let needsWeightGradient = weightNode != nil || biasNode != nil
        let keptInput = needsWeightGradient ? x.detached() : nil, keptWeight = xNode != nil ? weight.detached() : nil
        let weightShape = weight.shape, outputChannels = geometry.outputChannels
        return result.recorded(from: inputs) { g in
            let weightGradient = needsWeightGradient ? Tensor(uninitializedShape: weightShape, dtype: g.dtype) : nil
            let biasGradient = biasNode != nil ? Tensor(uninitializedShape: [outputChannels], dtype: g.dtype) : nil
            func run(_ dx: UnsafeMutableRawPointer?, _ accumulate: Bool) {
                switch g.dtype {
                case .float32:
                    ConvolutionKernels.backward(geometry, dy: g.pointer(Float.self), x: keptInput?.pointer(Float.self), w: keptWeight?.pointer(Float.self),
                                                plan: plan, dx: dx?.assumingMemoryBound(to: Float.self), accumulateInput: accumulate,
                                                dw: weightGradient?.pointer(Float.self), db: biasGradient?.pointer(Float.self))
                case .float64:
                    ConvolutionKernels.backward(geometry, dy: g.pointer(Double.self), x: keptInput?.pointer(Double.self), w: keptWeight?.pointer(Double.self),
                                                plan: plan, dx: dx?.assumingMemoryBound(to: Double.self), accumulateInput: accumulate,
                                                dw: weightGradient?.pointer(Double.self), db: biasGradient?.pointer(Double.self))
                }
            }
            if let xNode { xNode.accumulate { target, accumulate in run(target, accumulate) } } else { run(nil, false) }
            if let weightNode, let weightGradient { weightNode.accumulate(weightGradient) }
            if let biasNode, let biasGradient { biasNode.accumulate(biasGradient) }
        }
    }
}
