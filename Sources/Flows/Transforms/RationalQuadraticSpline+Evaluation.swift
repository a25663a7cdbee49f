import Tensors

// MARK: - Evaluating the spline and its inverse (Durkan et al., NeurIPS 2019, arXiv:1906.04032, §3 and Appendix A)

extension RationalQuadraticSpline {
    /// In bin k, with ξ = (x − x_k)/w_k, slope δ_k = h_k/w_k and knot derivatives d_k, d_{k+1} (Eq. 4 and Appendix A):
    ///
    ///     y = y_k + h_k (δ_k ξ² + d_k ξ(1 − ξ)) / (δ_k + (d_k + d_{k+1} − 2δ_k) ξ(1 − ξ)),
    ///     f′(x) = δ_k² (d_{k+1} ξ² + 2δ_k ξ(1 − ξ) + d_k (1 − ξ)²) / (δ_k + (d_k + d_{k+1} − 2δ_k) ξ(1 − ξ))²;
    ///
    /// y = x and log f′ = 0 outside [−B, B]. The bin of x is the last knot ≤ x, and B itself belongs to the last bin.
    public func forward(_ x: Tensor, _ θ: Parameters) -> (output: Tensor, logDerivative: Tensor) {
        inTails(of: x) { inside in
            let bin = Bin(θ, at: inside, knots: θ.knotsX)
            let xi = (inside - bin.left) / bin.width
            let mixed = xi * (1.0 - xi)
            let denominator = bin.slope + bin.curvature * mixed
            let y = bin.bottom + bin.height * (bin.slope * xi.squared() + bin.leftDerivative * mixed) / denominator
            return (y, logDerivative(bin, xi, mixed, denominator))
        }
    }

    /// Solves the bin's quadratic a ξ² + b ξ + c = 0 for ξ (Appendix A, Eq. 6–8), with Δ = y − y_k,
    ///
    ///     a = Δ (d_k + d_{k+1} − 2δ_k) + h_k (δ_k − d_k),   b = h_k d_k − Δ (d_k + d_{k+1} − 2δ_k),   c = −δ_k Δ,
    ///
    /// by the root ξ = 2c / (−b − √(b² − 4ac)), which does not cancel (the other form, (−b + √·)/2a, loses the digits of a
    /// small root); x = x_k + ξ w_k and log (f⁻¹)′(y) = −log f′(x). The bin of y is the last y-knot ≤ y.
    public func inverse(_ y: Tensor, _ θ: Parameters) -> (output: Tensor, logDerivative: Tensor) {
        inTails(of: y) { inside in
            let bin = Bin(θ, at: inside, knots: θ.knotsY)
            let rise = inside - bin.bottom
            let a = rise * bin.curvature + bin.height * (bin.slope - bin.leftDerivative)
            let b = bin.height * bin.leftDerivative - rise * bin.curvature
            let c = -(bin.slope * rise)
            // b² − 4ac ≥ 0 for every y in the bin; rounding can take it a hair below zero at the knots.
            let discriminant = (b.squared() - 4.0 * a * c).relu()
            let xi = 2.0 * c / (-b - discriminant.squareRoot())
            let mixed = xi * (1.0 - xi)
            let denominator = bin.slope + bin.curvature * mixed
            return (bin.left + xi * bin.width, -logDerivative(bin, xi, mixed, denominator))
        }
    }

    /// log f′ in the bin at ξ, given ξ(1 − ξ) and the denominator δ_k + (d_k + d_{k+1} − 2δ_k) ξ(1 − ξ).
    private func logDerivative(_ bin: Bin, _ xi: Tensor, _ mixed: Tensor, _ denominator: Tensor) -> Tensor {
        let numerator = bin.slope.squared() * (bin.rightDerivative * xi.squared() + 2.0 * bin.slope * mixed + bin.leftDerivative * (1.0 - xi).squared())
        return numerator.log() - 2.0 * denominator.log()
    }

    /// `spline` of the values of `v` inside [−B, B] (those outside replaced by 0, so that every bin computation stays
    /// finite), and the identity with log-derivative 0 outside: the linear tails.
    private func inTails(of v: Tensor, _ spline: (Tensor) -> (output: Tensor, logDerivative: Tensor)) -> (output: Tensor, logDerivative: Tensor) {
        let inside = v.indicator(of: -tailBound...tailBound)
        let zeros = Tensor(zeros: v.shape, dtype: v.dtype)
        let (output, logDerivative) = spline(Tensor.selecting(where: inside, v, otherwise: zeros))
        return (Tensor.selecting(where: inside, output, otherwise: v), Tensor.selecting(where: inside, logDerivative, otherwise: zeros))
    }

    /// What one bin of each spline contributes: the bin that `values` `[batch, n]` fall in along `knots`, read from θ.
    private struct Bin {
        let left: Tensor, bottom: Tensor, width: Tensor, height: Tensor
        let leftDerivative: Tensor, rightDerivative: Tensor
        /// δ_k = h_k / w_k.
        let slope: Tensor
        /// d_k + d_{k+1} − 2δ_k.
        let curvature: Tensor

        init(_ θ: Parameters, at values: Tensor, knots: Tensor) {
            let shape = values.shape
            let bins = knots.binIndices(of: values.reshaped(to: [shape[0], 1, shape[1]]), alongAxis: 1)
            func read(_ tensor: Tensor, _ indices: AxisIndices) -> Tensor { tensor.gathering(alongAxis: 1, at: indices).reshaped(to: shape) }
            left = read(θ.knotsX, bins)
            bottom = read(θ.knotsY, bins)
            width = read(θ.widths, bins)
            height = read(θ.heights, bins)
            leftDerivative = read(θ.derivatives, bins)
            rightDerivative = read(θ.derivatives, bins.advanced(by: 1))
            slope = height / width
            curvature = leftDerivative + rightDerivative - 2.0 * slope
        }
    }
}
