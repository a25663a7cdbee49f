import Foundation
import SeededRandom
import Plots

/// Test fixtures: a 2-D Gaussian mixture's density on a grid and samples from it.
struct GaussianMixture {
    var means: [SIMD2<Double>]
    var standardDeviation: Double

    /// Eight modes on a circle of radius 2.5, like the "8 Gaussians" toy data of flow papers.
    static let ring = GaussianMixture(
        means: (0..<8).map { SIMD2(2.5 * cos(Double($0) * .pi / 4), 2.5 * sin(Double($0) * .pi / 4)) },
        standardDeviation: 0.35)

    func density(x: Double, y: Double) -> Double {
        let variance = standardDeviation * standardDeviation
        let total = means.reduce(0.0) { sum, mean in
            let dx = x - mean.x, dy = y - mean.y
            return sum + exp(-(dx * dx + dy * dy) / (2 * variance))
        }
        return total / (Double(means.count) * 2 * .pi * variance)
    }

    /// Row-major grid, row 0 at `range.lowerBound` in y (the DensityPlot convention).
    func grid(size: Int, range: ClosedRange<Double>) -> [Double] {
        let step = (range.upperBound - range.lowerBound) / Double(size - 1)
        return (0..<size * size).map { index in
            density(x: range.lowerBound + Double(index % size) * step, y: range.lowerBound + Double(index / size) * step)
        }
    }

    func samples(count: Int, using generator: inout some RandomNumberGenerator) -> [DataPoint] {
        (0..<count).map { _ in
            let mean = means[Int.random(in: 0..<means.count, using: &generator)]
            let (first, second) = generator.nextStandardNormalPair()
            return DataPoint(x: mean.x + standardDeviation * first, y: mean.y + standardDeviation * second)
        }
    }
}
