/// A small, fast, seedable 64-bit generator (Steele, Lea & Flood 2014), the one every random draw in
/// LocalisedFlows is meant to come from: create it from a seed and pass it in (`using: &generator`).
///
/// Inlinable, so that the draws specialise in every target that uses them (this is the package's lowest target).
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Equatable {
    /// The full internal state; saving and restoring it resumes the exact stream.
    public var state: UInt64 { rawState }

    @usableFromInline var rawState: UInt64

    /// Encoded as `state`, the key checkpoints and run folders have always used.
    enum CodingKeys: String, CodingKey { case rawState = "state" }

    /// A generator whose stream is determined by `seed`; passing a saved `state` continues that stream.
    @inlinable public init(seed: UInt64) { rawState = seed }

    @inlinable public mutating func next() -> UInt64 {
        rawState &+= 0x9E37_79B9_7F4A_7C15
        var z = rawState
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent generator for a sub-task, derived from this one's stream.
    @inlinable public mutating func split() -> SplitMix64 { SplitMix64(seed: next()) }
}
