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
        let batch = x.shape[0], outputs = weight.shape[0]
        let result = Tensor(uninitializedShape: [batch, outputs], dtype: x.dtype)
        if let bias {
            require(bias.shape == [outputs] && bias.dtype == x.dtype, "linear: bias \(bias.shape) for \(outputs) outputs")
        }
        let inputs = x.shape[1]
        if let bias, x.dtype == .float32, BLAS.usesPortableKernel, batch > 0, outputs > 0, inputs > 0 {
            // The package's own kernel starts its accumulators at the bias: C is written once, never filled and re-read.
            BLAS.portableGEMM(transposeA: false, transposeB: true, m: batch, n: outputs, k: inputs, a: x.pointer(Float.self), lda: inputs,
                              b: weight.pointer(Float.self), ldb: inputs, c: result.pointer(Float.self), ldc: outputs,
                              accumulate: false, bias: bias.pointer(Float.self))
        } else {
            if let bias {
                switch x.dtype {
                case .float32: fillRows(result.pointer(Float.self), with: bias.pointer(Float.self), rows: batch, columns: outputs)
                case .float64: fillRows(result.pointer(Double.self), with: bias.pointer(Double.self), rows: batch, columns: outputs)
                }
            }
            product(false, true, x, weight, into: result.storage.pointer, accumulate: bias != nil)
        }
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

    /// Every row of `target` `[rows, columns]` set to `row`: a plain loop, which vectorises, rather than one
    /// `memcpy` call per row (for the narrow rows of flow networks the calls cost more than the copying).
    private static func fillRows<T: KernelScalar>(_ target: UnsafeMutablePointer<T>, with row: UnsafePointer<T>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let destination = target + r * columns
            for j in 0..<columns { destination[j] = row[j] }
        }
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
