import Foundation

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

    /// Independent uniform draws on `range` (half-open).
    public static func randomUniform(shape: Shape, in range: Range<Double> = 0..<1, dtype: DType = .float32, using generator: inout some RandomNumberGenerator) -> Tensor {
        let values = (0..<shape.elementCount).map { _ in Double.random(in: range, using: &generator) }
        return Tensor(shape: shape, values: values, dtype: dtype)
    }

    /// Two independent N(0, 1) draws by the Box–Muller transform.
    static func standardNormalPair(using generator: inout some RandomNumberGenerator) -> (Double, Double) {
        // 1 − U lies in (0, 1], so the logarithm is finite.
        let u1 = 1 - Double(generator.next() >> 11) * 0x1p-53
        let u2 = Double(generator.next() >> 11) * 0x1p-53
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (radius * Foundation.cos(angle), radius * Foundation.sin(angle))
    }
}
