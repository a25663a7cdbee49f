import Foundation
import SeededRandom

extension TwoDimensionalTarget {
    /// The eight centres of `8gaussians` before the final division: the unit circle's multiples of 45°, × 4.
    private static let gaussianCentres: [(Double, Double)] = {
        let diagonal = 1 / 2.0.squareRoot()
        return [(1, 0), (-1, 0), (0, 1), (0, -1), (diagonal, diagonal), (diagonal, -diagonal),
                (-diagonal, diagonal), (-diagonal, -diagonal)].map { (4 * $0.0, 4 * $0.1) }
    }()

    /// The radii of `rings` before the final × 3.
    private static let ringRadii: [Double] = [1, 0.75, 0.5, 0.25]

    /// One point of this target.
    func point(using generator: inout some RandomNumberGenerator) -> (Double, Double) {
        switch self {
        case .twoUniforms:
            let offset = generator.nextCoin() ? 1.0 : -2.0
            return (generator.nextUnitUniform() + offset, 2 * (generator.nextUnitUniform() - 0.5))

        case .eightGaussians:
            let centre = Self.gaussianCentres[generator.nextIndex(bits: 3)]
            let (z1, z2) = generator.nextStandardNormalPair()
            // 1.414 (not √2) as in the reference code, so that the optimum matches.
            return ((centre.0 + 0.5 * z1) / 1.414, (centre.1 + 0.5 * z2) / 1.414)

        case .checkerboard:
            let x1 = 4 * generator.nextUnitUniform() - 2
            let stripe = generator.nextCoin() ? 2.0 : 0.0
            // Python's `%` is a floor modulo: ⌊x1⌋ mod 2 is 0 or 1 also for negative x1.
            let parity = floor(x1) - 2 * floor(floor(x1) / 2)
            let x2 = generator.nextUnitUniform() - stripe + parity
            return (2 * x1, 2 * x2)

        case .twoSpirals:
            let n = generator.nextUnitUniform().squareRoot() * 540 * (2 * Double.pi) / 360
            let dx = -cos(n) * n + 0.5 * generator.nextUnitUniform()
            let dy = sin(n) * n + 0.5 * generator.nextUnitUniform()
            let sign = generator.nextCoin() ? 1.0 : -1.0
            let (z1, z2) = generator.nextStandardNormalPair()
            return (sign * dx / 3 + 0.1 * z1, sign * dy / 3 + 0.1 * z2)

        case .rings:
            let radius = 3 * Self.ringRadii[generator.nextIndex(bits: 2)]
            let angle = 2 * Double.pi * generator.nextUnitUniform()
            let (z1, z2) = generator.nextStandardNormalPair()
            return (radius * cos(angle) + 0.08 * z1, radius * sin(angle) + 0.08 * z2)

        case .twoLines:
            let centre = generator.nextCoin() ? 1.0 : -1.0
            return (centre + 0.01 * (generator.nextUnitUniform() - 0.5), 2 * (generator.nextUnitUniform() - 0.5))

        case .twoMarginals:
            let centre = generator.nextCoin() ? 1.0 : -1.0
            return (centre + 0.5 * (generator.nextUnitUniform() - 0.5), generator.nextStandardNormalPair().0)

        case .oneUniform:
            return (generator.nextUnitUniform() - 0.5, generator.nextUnitUniform() - 0.5)

        case .annulus:
            let angle = 2 * Double.pi * generator.nextUnitUniform()
            let radius = (3 * generator.nextUnitUniform() + 1).squareRoot()
            return (radius * cos(angle), radius * sin(angle))

        case .splitGaussian:
            let (x1, z2) = generator.nextStandardNormalPair()
            return (x1, z2 + (x1 >= 0 ? 2 : -2))
        }
    }
}
