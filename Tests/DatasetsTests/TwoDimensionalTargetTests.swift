import Foundation
import Testing
@testable import Datasets
import SeededRandom

/// Statistical checks of the samplers. Where the density is known, the Monte Carlo mean of
/// log p*(x) over the samples must match `optimum` within 5 standard errors, which checks the
/// sampler and the constant together.
@Suite struct TwoDimensionalTargetTests {
    private static let sampleCount = 20_000

    private func sample(_ target: TwoDimensionalTarget, seed: UInt64 = 1) -> [(Double, Double)] {
        var generator = SplitMix64(seed: seed)
        let table = target.sample(count: Self.sampleCount, using: &generator)
        return (0 ..< table.rowCount).map { (table[$0, 0], table[$0, 1]) }
    }

    /// Expects the mean of `logDensity` over `points` to be within 5 standard errors of `target.optimum`.
    private func expectOptimumMatches(_ target: TwoDimensionalTarget, _ points: [(Double, Double)],
                                      logDensity: (Double, Double) -> Double) {
        let logs = points.map(logDensity)
        let mean = logs.reduce(0, +) / Double(logs.count)
        let variance = logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count - 1)
        let standardError = (variance / Double(logs.count)).squareRoot()
        guard let optimum = target.optimum else { Issue.record("\(target) has no optimum"); return }
        #expect(abs(mean - optimum) <= 5 * standardError + 1e-9, "\(target): MC \(mean) vs optimum \(optimum) ± \(standardError)")
    }

    private func logNormal(_ x: Double) -> Double { -0.5 * x * x - 0.5 * log(2 * Double.pi) }

    @Test func hasTheTenNamesOfTheReference() {
        #expect(TwoDimensionalTarget.allCases.map(\.rawValue) == ["2uniforms", "8gaussians", "checkerboard", "2spirals", "rings",
                                                                  "2lines", "2marginals", "1uniform", "annulus", "split-gaussian"])
        #expect(TwoDimensionalTarget.allCases.filter { $0.optimum == nil } == [.twoSpirals, .rings])
        #expect(isClose(TwoDimensionalTarget.twoUniforms.optimum ?? 0, -1.3862943611198906))
        #expect(isClose(TwoDimensionalTarget.splitGaussian.optimum ?? 0, -2.8378770664093453))
        #expect(isClose(TwoDimensionalTarget.twoMarginals.optimum ?? 0, -1.4189385332046727))
    }

    /// `extent` bounds every coordinate of a bounded target, all but a 4σ tail of a target with Gaussian noise, and is
    /// not loose: the sample comes within 80 % of it.
    @Test func extentBoundsEveryCoordinateAndIsTight() {
        let bounded: Set<TwoDimensionalTarget> = [.twoUniforms, .checkerboard, .twoLines, .oneUniform, .annulus]
        for target in TwoDimensionalTarget.allCases {
            let largest = sample(target).map { max(abs($0.0), abs($0.1)) }
            let outside = largest.filter { $0 > target.extent }.count
            #expect(outside <= (bounded.contains(target) ? 0 : Self.sampleCount / 2_000), "\(target): \(outside) points beyond \(target.extent)")
            #expect((largest.max() ?? 0) >= 0.8 * target.extent, "\(target): extent \(target.extent) is loose")
        }
    }

    @Test func drawsTheSplitsOfThePaperReproducibly() {
        var first = SplitMix64(seed: 9), second = SplitMix64(seed: 9), other = SplitMix64(seed: 10)
        let splits = TwoDimensionalTarget.rings.splits(using: &first)
        #expect(splits.sizes == SplitSizes(train: 10_000, validation: 1_000, test: 5_000))
        #expect(splits.train.columnCount == 2)
        #expect(splits == TwoDimensionalTarget.rings.splits(using: &second))
        #expect(splits != TwoDimensionalTarget.rings.splits(using: &other))
        #expect(splits.train != splits.test.rows(in: 0 ..< 5_000))
        #expect(TwoDimensionalTarget.annulus.splits(seed: 3) == TwoDimensionalTarget.annulus.splits(seed: 3))
    }

    @Test func twoUniformsFillsTwoRectanglesEqually() {
        let points = sample(.twoUniforms)
        let right = points.filter { $0.0 >= 1 && $0.0 <= 2 }.count
        let left = points.filter { $0.0 >= -2 && $0.0 <= -1 }.count
        #expect(right + left == points.count)
        #expect(points.allSatisfy { abs($0.1) <= 1 })
        #expect(abs(Double(right) / Double(points.count) - 0.5) < 0.015)
        expectOptimumMatches(.twoUniforms, points) { _, _ in -log(4) }
    }

    @Test func oneUniformFillsTheUnitSquare() {
        let points = sample(.oneUniform)
        #expect(points.allSatisfy { abs($0.0) <= 0.5 && abs($0.1) <= 0.5 })
        let variance = points.reduce(0) { $0 + $1.0 * $1.0 } / Double(points.count)
        #expect(abs(variance - 1.0 / 12) < 0.003)
        expectOptimumMatches(.oneUniform, points) { _, _ in 0 }
    }

    @Test func annulusRadiiAreUniformByArea() {
        let points = sample(.annulus)
        let radii = points.map { ($0.0 * $0.0 + $0.1 * $0.1).squareRoot() }
        #expect(radii.allSatisfy { $0 >= 1 - 1e-12 && $0 <= 2 + 1e-12 })
        // P(r < 1.5) = (1.5² − 1) / (2² − 1) = 0.41667 for a uniform density on the annulus.
        #expect(abs(Double(radii.filter { $0 < 1.5 }.count) / Double(radii.count) - 0.416_67) < 0.015)
        expectOptimumMatches(.annulus, points) { _, _ in -log(3 * Double.pi) }
    }

    @Test func checkerboardFillsTheDarkSquaresOnly() {
        let points = sample(.checkerboard)
        let onDarkSquares = points.allSatisfy { x1, x2 in
            let (i, j) = (Int(floor(x1 / 2)), Int(floor(x2 / 2)))
            return (-2 ..< 2).contains(i) && (-2 ..< 2).contains(j) && (i + j) % 2 == 0
        }
        #expect(onDarkSquares)
        #expect(abs(Double(points.filter { $0.1 < 0 }.count) / Double(points.count) - 0.5) < 0.015)
        expectOptimumMatches(.checkerboard, points) { _, _ in -log(32) }
    }

    @Test func twoLinesAreThinStrips() {
        let points = sample(.twoLines)
        #expect(points.allSatisfy { abs(abs($0.0) - 1) <= 0.005 && abs($0.1) <= 1 })
        expectOptimumMatches(.twoLines, points) { _, _ in log(25) }
    }

    @Test func twoMarginalsAreUniformTimesNormal() {
        let points = sample(.twoMarginals)
        #expect(points.allSatisfy { abs(abs($0.0) - 1) <= 0.25 })
        expectOptimumMatches(.twoMarginals, points) { _, x2 in logNormal(x2) }
    }

    @Test func splitGaussianShiftsTheHalves() {
        let points = sample(.splitGaussian)
        let upper = points.filter { $0.0 >= 0 }.map(\.1)
        #expect(abs(upper.reduce(0, +) / Double(upper.count) - 2) < 0.05)
        expectOptimumMatches(.splitGaussian, points) { x1, x2 in logNormal(x1) + logNormal(x2 - (x1 >= 0 ? 2 : -2)) }
    }

    @Test func eightGaussiansMatchesItsMixtureDensity() {
        let sigma = 0.5 / 1.414
        let centres = (0 ..< 8).map { k -> (Double, Double) in
            let angle = Double(k) * Double.pi / 4
            return (4 * cos(angle) / 1.414, 4 * sin(angle) / 1.414)
        }
        expectOptimumMatches(.eightGaussians, sample(.eightGaussians)) { x1, x2 in
            let density = centres.reduce(0) { sum, centre in
                let squared = (x1 - centre.0) * (x1 - centre.0) + (x2 - centre.1) * (x2 - centre.1)
                return sum + exp(-squared / (2 * sigma * sigma))
            } / (8 * 2 * Double.pi * sigma * sigma)
            return log(density)
        }
    }

    @Test func ringsLieNearFourCircles() {
        let points = sample(.rings)
        let nearest = points.map { point -> Int in
            let radius = (point.0 * point.0 + point.1 * point.1).squareRoot()
            return [3.0, 2.25, 1.5, 0.75].enumerated().min { abs($0.element - radius) < abs($1.element - radius) }?.offset ?? -1
        }
        for ring in 0 ..< 4 {
            #expect(abs(Double(nearest.filter { $0 == ring }.count) / Double(points.count) - 0.25) < 0.015)
        }
        let distances = points.map { abs(($0.0 * $0.0 + $0.1 * $0.1).squareRoot() - 3) }
        #expect(distances.filter { $0 < 0.4 }.count > points.count / 5)
    }

    @Test func twoSpiralsArePointSymmetric() {
        let points = sample(.twoSpirals)
        let meanX = points.reduce(0) { $0 + $1.0 } / Double(points.count)
        let meanY = points.reduce(0) { $0 + $1.1 } / Double(points.count)
        #expect(abs(meanX) < 0.05 && abs(meanY) < 0.05)
        // The spiral arm reaches n = 3π; with the offsets and noise no point lies beyond radius 4.5.
        #expect(points.allSatisfy { ($0.0 * $0.0 + $0.1 * $0.1).squareRoot() < 4.5 })
        #expect(points.contains { ($0.0 * $0.0 + $0.1 * $0.1).squareRoot() > 2.8 })
    }
}
