// MARK: - Matrix products through OpenBLAS, with transpose flags instead of transposed copies

extension Tensor {
    /// op(A)·op(B) for matrices, where op transposes when the flag is set; the transpose is a BLAS flag,
    /// never a copy. Gradients: dA = g·op(B)ᵀ (or its transpose), dB = op(A)ᵀ·g, also by flags.
    /// - Precondition: both are rank 2 of one type and the inner extents agree.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposingA: Bool = false, transposingB: Bool = false) -> Tensor {
        require(a.rank == 2 && b.rank == 2 && a.dtype == b.dtype, "matmul: needs two matrices of one type, got \(a.shape) \(a.dtype) and \(b.shape) \(b.dtype)")
        let m = transposingA ? a.shape[1] : a.shape[0], k = transposingA ? a.shape[0] : a.shape[1]
        let kB = transposingB ? b.shape[1] : b.shape[0], n = transposingB ? b.shape[0] : b.shape[1]
        require(k == kB, "matmul: inner extents differ: \(a.shape)\(transposingA ? "ᵀ" : "") · \(b.shape)\(transposingB ? "ᵀ" : "")")
        let result = Tensor(uninitializedShape: [m, n], dtype: a.dtype)
        product(transposingA, transposingB, a, b, into: result.storage.pointer, accumulate: false)
        guard let inputs = recordedInputs(a, b) else { return result }
        // Each operand's gradient reads only the other operand: keep a value only when its partner needs a
        // gradient, so that (for instance) a parameter multiplied by data is not held by the graph and the
        // optimiser's in-place update does not have to copy it while the loss is alive.
        let left = b.node == nil ? nil : a.detached(), right = a.node == nil ? nil : b.detached()
        return result.recorded(from: inputs) { [aNode = a.node, bNode = b.node] g in
            if let aNode, let right {
                aNode.accumulate { target, accumulate in
                    // A is m×k (or k×m when transposed): dA = g·op(B)ᵀ, stored transposed when A was.
                    if transposingA { product(transposingB, true, right, g, into: target, accumulate: accumulate) }
                    else { product(false, !transposingB, g, right, into: target, accumulate: accumulate) }
                }
            }
            if let bNode, let left {
                bNode.accumulate { target, accumulate in
                    if transposingB { product(true, transposingA, g, left, into: target, accumulate: accumulate) }
                    else { product(!transposingA, false, left, g, into: target, accumulate: accumulate) }
                }
            }
        }
    }

    /// x·Wᵀ + b for a batch `x` `[batch, in]`, weight `[out, in]` (PyTorch's layout) and bias `[out]`:
    /// fused so the bias is the GEMM's initial C and its gradient one column sum.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        require(x.rank == 2 && weight.rank == 2 && x.shape[1] == weight.shape[1] && x.dtype == weight.dtype,
                     "linear: input \(x.shape) \(x.dtype) does not fit weight \(weight.shape) \(weight.dtype)")
        if let bias {
            require(bias.shape == [weight.shape[0]] && bias.dtype == x.dtype, "linear: bias \(bias.shape) for \(weight.shape[0]) outputs")
        }
        let result = affine(x, weight: weight, bias: bias, tanh: false)
        let operands = bias.map { [x, weight, $0] } ?? [x, weight]
        guard let inputs = recordedInputs(of: operands) else { return result }
        // As in `matmul`: the weight is kept only if the input needs a gradient (not for a first layer fed with
        // data), the input only if the weight does.
        let input = weight.node == nil ? nil : x.detached(), kernel = x.node == nil ? nil : weight.detached()
        return result.recorded(from: inputs) { [xNode = x.node, wNode = weight.node, bNode = bias?.node] g in
            if let xNode, let kernel { xNode.accumulate { target, accumulate in product(false, false, g, kernel, into: target, accumulate: accumulate) } }
            if let wNode, let input { wNode.accumulate { target, accumulate in product(true, false, g, input, into: target, accumulate: accumulate) } }
            bNode?.accumulate(g.sum(alongAxis: 0).detached())
        }
    }

    /// x·Wᵀ (+ b, then tanh when asked), no graph: through `KernelScalar.matrixProduct`, so that this package's own
    /// kernel starts its accumulators at the bias (C written once, never filled and re-read) and applies tanh to each
    /// block of rows while it is in cache; OpenBLAS and Double get the bias written first and tanh after.
    static func affine(_ x: Tensor, weight: Tensor, bias: Tensor?, tanh: Bool) -> Tensor {
        let result = Tensor(uninitializedShape: [x.shape[0], weight.shape[0]], dtype: x.dtype)
        switch x.dtype {
        case .float32: affine(Float.self, x, weight, bias, tanh: tanh, into: result)
        case .float64: affine(Double.self, x, weight, bias, tanh: tanh, into: result)
        }
        return result
    }

    private static func affine<T: KernelScalar>(_: T.Type, _ x: Tensor, _ weight: Tensor, _ bias: Tensor?, tanh: Bool, into result: Tensor) {
        let batch = x.shape[0], inputs = x.shape[1], outputs = weight.shape[0]
        T.matrixProduct(transposeA: false, transposeB: true, m: batch, n: outputs, k: inputs,
                        a: UnsafePointer(x.pointer(T.self)), lda: inputs, b: UnsafePointer(weight.pointer(T.self)), ldb: inputs,
                        c: result.pointer(T.self), ldc: outputs, accumulate: false,
                        bias: bias.map { UnsafePointer($0.pointer(T.self)) }, tanh: tanh)
    }

    /// target ← op(a)·op(b) (+ target when accumulating), by BLAS.
    static func product(_ transposeA: Bool, _ transposeB: Bool, _ a: Tensor, _ b: Tensor, into target: UnsafeMutableRawPointer, accumulate: Bool) {
        let m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1]
        let n = transposeB ? b.shape[0] : b.shape[1]
        guard m > 0 && n > 0 else { return }
        if k == 0 {
            if !accumulate { target.initializeMemory(as: UInt8.self, repeating: 0, count: m * n * a.dtype.byteCount) }
            return
        }
        switch a.dtype {
        case .float32:
            BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                      a: a.pointer(Float.self), lda: a.shape[1], b: b.pointer(Float.self), ldb: b.shape[1],
                      beta: accumulate ? 1 : 0, c: target.assumingMemoryBound(to: Float.self), ldc: n)
        case .float64:
            BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                      a: a.pointer(Double.self), lda: a.shape[1], b: b.pointer(Double.self), ldb: b.shape[1],
                      beta: accumulate ? 1 : 0, c: target.assumingMemoryBound(to: Double.self), ldc: n)
        }
    }
}
