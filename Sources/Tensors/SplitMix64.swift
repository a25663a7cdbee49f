/// A small, fast, seedable 64-bit generator (Steele, Lea & Flood 2014), the one every random draw in
/// LocalisedFlows is meant to come from: create it from a seed and pass it in (`using: &generator`).
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Equatable {
    /// The full internal state; saving and restoring it resumes the exact stream.
    public private(set) var state: UInt64

    /// A generator whose stream is determined by `seed`; passing a saved `state` continues that stream.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent generator for a sub-task, derived from this one's stream.
    public mutating func split() -> SplitMix64 { SplitMix64(seed: next()) }
}
