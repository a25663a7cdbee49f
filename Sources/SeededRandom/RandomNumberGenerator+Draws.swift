import Foundation

/// The elementary draws behind every sampler in LocalisedFlows (tensors' normal draws, the 2-D targets, test data),
/// written out so that a given generator yields the same values on every platform and Swift version (the standard
/// library's algorithms may change).
extension RandomNumberGenerator {
    /// A uniform double in [0, 1) from the top 53 bits of one 64-bit draw.
    @inlinable public mutating func nextUnitUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A fair coin from the top bit of one 64-bit draw.
    @inlinable public mutating func nextCoin() -> Bool {
        next() >> 63 == 1
    }

    /// A uniform integer in `0 ..< 2^bits` from the top bits of one 64-bit draw.
    @inlinable public mutating func nextIndex(bits: Int) -> Int {
        Int(next() >> UInt64(64 - bits))
    }

    /// Two independent standard normal draws by the Box–Muller transform (two uniform draws).
    /// Box & Muller, *A note on the generation of random normal deviates*, Ann. Math. Stat. 29, 1958.
    @inlinable public mutating func nextStandardNormalPair() -> (Double, Double) {
        let radius = (-2 * log(1 - nextUnitUniform())).squareRoot()   // 1 − U lies in (0, 1], so log is finite
        let angle = 2 * Double.pi * nextUnitUniform()
        return (radius * cos(angle), radius * sin(angle))
    }
}
