import Tensors

/// The largest absolute elementwise difference between two tensors of one shape (∞ if shapes differ).
public func maximumAbsoluteDifference(_ a: Tensor, _ b: Tensor) -> Double {
    guard a.shape == b.shape else { return .infinity }
    return zip(a.doubles, b.doubles).map { abs($0 - $1) }.max() ?? 0
}

/// Whether two arrays agree elementwise within `tolerance` (absolute) plus `relative` × |expected|.
public func isApproximatelyEqual(_ actual: [Double], _ expected: [Double], tolerance: Double, relative: Double = 0) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy { abs($0 - $1) <= tolerance + relative * abs($1) }
}

/// A seeded generator for tests.
public func testGenerator(_ seed: UInt64 = 42) -> SplitMix64 { SplitMix64(seed: seed) }

/// A `float64` tensor of standard normal draws.
public func randomDoubles(_ shape: Shape, seed: UInt64) -> Tensor {
    var generator = SplitMix64(seed: seed)
    return Tensor.randomNormal(shape: shape, dtype: .float64, using: &generator)
}
