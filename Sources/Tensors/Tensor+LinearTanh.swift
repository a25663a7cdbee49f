// MARK: - tanh(x·Wᵀ + b): a hidden layer of a tanh MLP as one operation

extension Tensor {
    /// tanh(x·Wᵀ + b) for a batch `x` `[batch, in]`, weight `[out, in]` and bias `[out]`: the hidden layer of every
    /// tanh MLP in the flows (the tabular and 2-D networks of Cornish et al. 2020's code). Equal to `linear(x, weight:, bias:).tanh()`, but on this package's
    /// own sgemm the bias seeds the product and each block of rows goes through tanh as soon as it is final, while
    /// it is in cache (one pass over the activations less, which matters for the 2,000-row passes of importance
    /// sampling); and the backward pass forms g ⊙ (1 − y²) once for the three products that need it.
    public static func linearTanh(_ x: Tensor, weight: Tensor, bias: Tensor) -> Tensor {
        require(x.rank == 2 && weight.rank == 2 && x.shape[1] == weight.shape[1] && x.dtype == weight.dtype,
                "linearTanh: input \(x.shape) \(x.dtype) does not fit weight \(weight.shape) \(weight.dtype)")
        require(bias.shape == [weight.shape[0]] && bias.dtype == x.dtype, "linearTanh: bias \(bias.shape) for \(weight.shape[0]) outputs")
        let y = affine(x, weight: weight, bias: bias, tanh: true)
        guard let recorded = recordedInputs(x, weight, bias) else { return y }
        let output = y.detached()
        let input = weight.node == nil ? nil : x.detached(), kernel = x.node == nil ? nil : weight.detached()
        return y.recorded(from: recorded) { [xNode = x.node, wNode = weight.node, bNode = bias.node] g in
            let (preactivation, biasGradient) = tanhBackward(g, output: output, columnSums: bNode != nil)
            if let xNode, let kernel { xNode.accumulate { target, accumulate in product(false, false, preactivation, kernel, into: target, accumulate: accumulate) } }
            if let wNode, let input { wNode.accumulate { target, accumulate in product(true, false, preactivation, input, into: target, accumulate: accumulate) } }
            if let bNode, let biasGradient { bNode.accumulate(biasGradient) }
        }
    }
}
