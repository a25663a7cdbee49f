import Foundation
import SeededRandom

// MARK: - Random tensors from a generator that is passed in

extension Tensor {
    /// Independent standard normal draws (Box–Muller on 53-bit uniforms).
    public static func randomNormal(shape: Shape, dtype: DType = .float32, using generator: inout some RandomNumberGenerator) -> Tensor {
        let count = shape.elementCount
        var values = [Double](repeating: 0, count: count)
        var index = 0
        while index < count {
            let (first, second) = standardNormalPair(using: &generator)
            values[index] = first
            if index + 1 < count { values[index + 1] = second }
            index += 2
        }
        return Tensor(shape: shape, values: values, dtype: dtype)
    }

    /// Independent uniform draws on `range` (half-open), the same values as `Double.random(in: range, using:)`.
    public static func randomUniform(shape: Shape, in range: Range<Double> = 0..<1, dtype: DType = .float32, using generator: inout some RandomNumberGenerator) -> Tensor {
        let count = shape.elementCount
        var values = [Double](repeating: 0, count: count)
        for index in 0..<count { values[index] = uniform(in: range, using: &generator) }
        return Tensor(shape: shape, values: values, dtype: dtype)
    }

    /// One draw of `Double.random(in: range, using:)`, value for value and with the same use of the generator: the
    /// low 53 bits of one `next()` scaled to [0, 1), then to the range, drawn again in the rare case that rounding
    /// lands on the upper bound. The standard library's generic version is not specialised for our generators from
    /// here, and its cost per draw dominated the time to initialise large models.
    @inline(__always)
    static func uniform(in range: Range<Double>, using generator: inout some RandomNumberGenerator) -> Double {
        precondition(!range.isEmpty && (range.upperBound - range.lowerBound).isFinite, "uniform(in:): the range \(range) is empty or not finite")
        let delta = range.upperBound - range.lowerBound
        while true {
            let value = delta * (Double(generator.next() & (1 << 53 - 1)) * 0x1p-53) + range.lowerBound
            if value != range.upperBound { return value }
        }
    }

    /// Two independent N(0, 1) draws by the Box–Muller transform (`SeededRandom`'s, shared with the 2-D samplers).
    @inline(__always)
    static func standardNormalPair(using generator: inout some RandomNumberGenerator) -> (Double, Double) {
        generator.nextStandardNormalPair()
    }
}
