import Tensors

/// Compares reverse-mode gradients with central finite differences, in `float64`.
public enum GradientCheck {
    /// The largest normwise relative error ‖a − n‖∞ / max(‖a‖∞, ‖n‖∞, 10⁻³ · G) over the inputs, where a is the
    /// autodiff gradient of the scalar `function(inputs)`, n the central difference
    /// (f(x + h) − f(x − h)) / 2h with h = `step` · max(1, |x|), and G the largest gradient element of all
    /// inputs (so a tensor whose true gradient is 0 is judged against the rounding noise of the others).
    ///
    /// - Parameters:
    ///   - function: a deterministic map from the inputs to a one-element tensor.
    ///   - inputs: `float64` tensors; they are made leaves of the graph here.
    public static func relativeError(of function: ([Tensor]) -> Tensor, at inputs: [Tensor], step: Double = 1e-5, floor: Double = 1e-8) -> Double {
        let leaves = inputs.map { $0.converted(to: .float64).requiringGradient() }
        let analytic = function(leaves).gradients(withRespectTo: leaves)
        let numeric = numericalGradients(of: function, at: leaves.map { $0.detached() }, step: step)
        return worstRelativeError(analytic.map(\.doubles), numeric.map(\.doubles), floor: floor)
    }

    static func worstRelativeError(_ analytic: [[Double]], _ numeric: [[Double]], floor: Double) -> Double {
        let global = (analytic + numeric).flatMap { $0 }.map(abs).max() ?? 0
        var worst = 0.0
        for (a, n) in zip(analytic, numeric) {
            let difference = zip(a, n).map { abs($0 - $1) }.max() ?? 0
            let scale = max(a.map(abs).max() ?? 0, n.map(abs).max() ?? 0, 1e-3 * global, floor)
            worst = max(worst, difference / scale)
        }
        return worst
    }

    /// Central-difference gradients of the scalar `function` with respect to each input.
    public static func numericalGradients(of function: ([Tensor]) -> Tensor, at inputs: [Tensor], step: Double = 1e-5) -> [Tensor] {
        inputs.indices.map { which in
            let base = inputs[which].doubles
            var gradient = [Double](repeating: 0, count: base.count)
            for index in base.indices {
                let h = step * max(1, abs(base[index]))
                var plus = base, minus = base
                plus[index] += h
                minus[index] -= h
                var shifted = inputs
                shifted[which] = Tensor(shape: inputs[which].shape, doubles: plus)
                let up = withoutGradientRecording { function(shifted).item }
                shifted[which] = Tensor(shape: inputs[which].shape, doubles: minus)
                let down = withoutGradientRecording { function(shifted).item }
                gradient[index] = (up - down) / (2 * h)
            }
            return Tensor(shape: inputs[which].shape, doubles: gradient)
        }
    }
}

extension GradientCheck {
    /// Like `relativeError(of:at:)` for a loss computed from `parameters` (e.g. a layer's, plus a
    /// `Parameter` holding the input): autodiff gradients of `loss()` with respect to each parameter's value
    /// against central differences obtained by perturbing the values one element at a time.
    /// The parameters must already be `float64`.
    public static func relativeError(of loss: () -> Tensor, parameters: [Parameter], step: Double = 1e-5, floor: Double = 1e-8) -> Double {
        let analytic = loss().gradients(withRespectTo: parameters.map(\.value))
        var numericGradients: [[Double]] = []
        for parameter in parameters {
            let original = parameter.value.detached()
            let base = original.doubles
            var numeric = [Double](repeating: 0, count: base.count)
            for index in base.indices {
                let h = step * max(1, abs(base[index]))
                var shifted = base
                shifted[index] = base[index] + h
                parameter.value = Tensor(shape: original.shape, doubles: shifted)
                let up = withoutGradientRecording { loss().item }
                shifted[index] = base[index] - h
                parameter.value = Tensor(shape: original.shape, doubles: shifted)
                let down = withoutGradientRecording { loss().item }
                numeric[index] = (up - down) / (2 * h)
            }
            parameter.value = original
            numericGradients.append(numeric)
        }
        return worstRelativeError(analytic.map(\.doubles), numericGradients, floor: floor)
    }
}
