import Foundation
import Tensors
import Networks
import Flows

/// The laws every bijection obeys, measured on a batch (zuko's and nflows' transform tests): each entry is
/// the worst violation found, so a test asserts it is below a tolerance. The bijection is converted to
/// Double first.
public struct BijectionLawReport: CustomStringConvertible {
    /// Whether `forward` and `inverse` return `[batch, D]` outputs and `[batch]` log-dets, all finite.
    public var shapesAndFinitenessHold = true
    /// max |inverse(forward(x)) − x| and max |forward(inverse(z)) − z|.
    public var roundTripError = 0.0
    /// max |logdet_forward(x) + logdet_inverse(forward(x))|.
    public var logDetCancellationError = 0.0
    /// max |logdet_forward(x) − log|det J(x)||, J by central differences.
    public var jacobianLogDetError = 0.0
    /// max |output − x| and |logdet| of Composite([b.inverted(), b]).
    public var compositionIdentityError = 0.0

    public var description: String {
        "shapes \(shapesAndFinitenessHold), round trip \(roundTripError), log-det cancellation \(logDetCancellationError), Jacobian \(jacobianLogDetError), identity composition \(compositionIdentityError)"
    }
}

public enum BijectionLaws {
    /// Measures the laws on `x` `[batch, D]` (Double) with an optional index u `[batch, d_u]` and context c `[batch, C]`,
    /// row i of each conditioning row i of `x` (so a batch with varied rows checks the laws at every one); the latent-side laws
    /// (`forward(inverse(z)) ≈ z`, the identity composition) start from `latent`, which defaults to `x` and must be
    /// given for a bijection whose two sides have different domains (the logit pre-transform maps [0, 256) to ℝ).
    /// `jacobianStep` is the central differences' step: smaller at points where the second derivative jumps (a spline's
    /// knots), whose error is proportional to the step instead of its square.
    public static func check(_ bijection: any Bijection, at x: Tensor, latent: Tensor? = nil, index: Tensor? = nil, context: Tensor? = nil,
                             jacobianStep: Double = 1e-5) -> BijectionLawReport {
        bijection.convert(to: .float64)
        let x = x.converted(to: .float64)
        let conditioning = Conditioning(index: index?.converted(to: .float64), context: context?.converted(to: .float64))
        let latent = latent?.converted(to: .float64) ?? x
        let batch = x.shape[0], d = x.shape[1]
        return withoutGradientRecording {
            var report = BijectionLawReport()
            let (z, forwardLogDet) = bijection.forward(x, given: conditioning)
            let (back, inverseLogDet) = bijection.inverse(z, given: conditioning)
            let (again, _) = bijection.forward(back, given: conditioning)
            report.shapesAndFinitenessHold = z.shape == x.shape && forwardLogDet.shape == [batch] && inverseLogDet.shape == [batch]
                && z.isFinite && forwardLogDet.isFinite && back.isFinite && inverseLogDet.isFinite
            let (generated, _) = bijection.inverse(latent, given: conditioning)
            let (regained, _) = bijection.forward(generated, given: conditioning)
            report.roundTripError = max(maximumAbsoluteDifference(back, x), maximumAbsoluteDifference(regained, latent), maximumAbsoluteDifference(again, z))
            report.logDetCancellationError = zip(forwardLogDet.doubles, inverseLogDet.doubles).map { abs($0 + $1) }.max() ?? 0
            for row in 0..<batch {
                let point = Array(x.doubles[(row * d)..<((row + 1) * d)])
                let rowConditioning = Conditioning(index: conditioning.index?.gatheringRows(row..<(row + 1)),
                                                   context: conditioning.context?.gatheringRows(row..<(row + 1)))
                let jacobian = NumericalJacobian.jacobian(of: { values in
                    bijection.forward(Tensor(shape: [1, d], doubles: values), given: rowConditioning).output.doubles
                }, at: point, step: jacobianStep)
                let expected = NumericalJacobian.logAbsDeterminant(jacobian)
                report.jacobianLogDetError = max(report.jacobianLogDetError, abs(expected - forwardLogDet.doubles[row]))
            }
            let identity = CompositeBijection([bijection.inverted(), bijection])
            let (same, zeroLogDet) = identity.forward(latent, given: conditioning)
            report.compositionIdentityError = max(maximumAbsoluteDifference(same, latent), zeroLogDet.doubles.map(abs).max() ?? 0)
            return report
        }
    }
}
