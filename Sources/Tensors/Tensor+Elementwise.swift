// MARK: - Differentiable elementwise functions
//
// Each function names its forward map and the backward rule recorded beside it (micrograd's `_backward`), and
// whether that rule reads the function's input x or its output y. Float uses the polynomial kernels of
// `FloatMath`, in `CKernels`' vector builds.

/// What an elementwise function's backward rule multiplies the output gradient by a function of: the input x
/// (e.g. log′(x) = 1/x) or the output y, when the derivative is cheaper from it (e.g. exp′ = y, tanh′ = 1 − y²).
enum SavedOperand {
    case input, output
}

extension Tensor {
    /// eˣ elementwise.
    public func exp() -> Tensor { elementwise(ExpMap.self, backward: ProductMap.self, reading: .output) }

    /// The natural logarithm elementwise (−∞ at 0, NaN below).
    public func log() -> Tensor { elementwise(LogMap.self, backward: QuotientMap.self, reading: .input) }

    /// The hyperbolic tangent elementwise.
    public func tanh() -> Tensor { elementwise(TanhMap.self, backward: TanhBackward.self, reading: .output) }

    /// The logistic sigmoid 1 / (1 + e⁻ˣ) elementwise; fused rather than composed so that it cannot overflow.
    public func sigmoid() -> Tensor { elementwise(SigmoidMap.self, backward: SigmoidBackward.self, reading: .output) }

    /// softplus(x) = log(1 + eˣ) elementwise, computed stably as max(x, 0) + log1p(e^−|x|).
    public func softplus() -> Tensor { elementwise(SoftplusMap.self, backward: SoftplusBackward.self, reading: .input) }

    /// max(x, 0) elementwise (gradient 0 at 0).
    public func relu() -> Tensor { elementwise(ReLUMap.self, backward: ReLUBackward.self, reading: .input) }

    /// x² elementwise.
    public func squared() -> Tensor { elementwise(SquareMap.self, backward: SquareBackward.self, reading: .input) }

    /// √x elementwise.
    public func squareRoot() -> Tensor { elementwise(SquareRootMap.self, backward: SquareRootBackward.self, reading: .output) }

    /// −x elementwise.
    public static prefix func - (x: Tensor) -> Tensor {
        x.map(NegateMap.self).recorded(from: Tensor.recordedInputs(x)) { [node = x.node] g in node?.accumulate(g.map(NegateMap.self)) }
    }

    /// `Forward` applied elementwise; its gradient is `Backward(g, saved)`, where `saved` is this tensor or the
    /// result as `operand` says.
    private func elementwise<Forward: UnaryMap, Backward: BinaryMap>(_: Forward.Type, backward _: Backward.Type,
                                                                     reading operand: SavedOperand) -> Tensor {
        let y = map(Forward.self)
        let saved = operand == .output ? y.detached() : detached()
        return y.recorded(from: Tensor.recordedInputs(self)) { [node] g in node?.accumulate(g.zipMap(saved, Backward.self)) }
    }
}
