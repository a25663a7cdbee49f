// MARK: - Differentiable elementwise functions
//
// Each function computes its forward map and records the matching backward rule beside it
// (micrograd's `_backward`). Float uses the polynomial kernels of `FloatMath`, in `CKernels`' vector builds.

extension Tensor {
    /// eˣ elementwise.
    public func exp() -> Tensor {
        let y = map(ExpMap.self)
        let saved = y.detached()
        return y.recorded(from: Tensor.recordedInputs(self)) { [node] g in node?.accumulate(g.zipMap(saved, ProductMap.self)) }
    }

    /// The natural logarithm elementwise (−∞ at 0, NaN below).
    public func log() -> Tensor {
        let saved = detached()
        return map(LogMap.self).recorded(from: Tensor.recordedInputs(self)) { [node] g in node?.accumulate(g.zipMap(saved, QuotientMap.self)) }
    }

    /// The hyperbolic tangent elementwise.
    public func tanh() -> Tensor {
        let y = map(TanhMap.self)
        let saved = y.detached()
        return y.recorded(from: Tensor.recordedInputs(self)) { [node] g in node?.accumulate(g.zipMap(saved, TanhBackward.self)) }
    }

    /// The logistic sigmoid 1 / (1 + e⁻ˣ) elementwise; fused rather than composed so that it cannot overflow.
    public func sigmoid() -> Tensor {
        let y = map(SigmoidMap.self)
        let saved = y.detached()
        return y.recorded(from: Tensor.recordedInputs(self)) { [node] g in node?.accumulate(g.zipMap(saved, SigmoidBackward.self)) }
    }

    /// softplus(x) = log(1 + eˣ) elementwise, computed stably as max(x, 0) + log1p(e^−|x|).
    public func softplus() -> Tensor {
        let saved = detached()
        return map(SoftplusMap.self).recorded(from: Tensor.recordedInputs(self)) { [node] g in node?.accumulate(g.zipMap(saved, SoftplusBackward.self)) }
    }

    /// max(x, 0) elementwise (gradient 0 at 0).
    public func relu() -> Tensor {
        let saved = detached()
        return map(ReLUMap.self).recorded(from: Tensor.recordedInputs(self)) { [node] g in node?.accumulate(g.zipMap(saved, ReLUBackward.self)) }
    }

    /// x² elementwise.
    public func squared() -> Tensor {
        let saved = detached()
        return map(SquareMap.self).recorded(from: Tensor.recordedInputs(self)) { [node] g in node?.accumulate(g.zipMap(saved, SquareBackward.self)) }
    }

    /// √x elementwise.
    public func squareRoot() -> Tensor {
        let y = map(SquareRootMap.self)
        let saved = y.detached()
        return y.recorded(from: Tensor.recordedInputs(self)) { [node] g in node?.accumulate(g.zipMap(saved, SquareRootBackward.self)) }
    }

    /// −x elementwise.
    public static prefix func - (x: Tensor) -> Tensor {
        x.map(NegateMap.self).recorded(from: Tensor.recordedInputs(x)) { [node = x.node] g in node?.accumulate(g.map(NegateMap.self)) }
    }
}
