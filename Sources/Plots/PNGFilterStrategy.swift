/// How the encoder picks each scanline's PNG filter before deflating (PNG spec §9, filter method 0).
///
/// Filtering replaces bytes by differences from neighbours, which deflate compresses better on smooth
/// images such as heat maps. Only filters 0 (None), 1 (Sub) and 2 (Up) are used.
public enum PNGFilterStrategy: Sendable, Hashable, CaseIterable {
    /// Filter type 0 on every row: bytes are stored as they are.
    case none
    /// Filter type 1 on every row: each byte minus the same channel of the pixel to its left.
    case sub
    /// Filter type 2 on every row: each byte minus the byte directly above.
    case up
    /// Per row, whichever of None, Sub and Up gives the smallest sum of |byte| read as signed
    /// (the heuristic recommended in PNG spec §12.8).
    case adaptive

    /// The filters tried for every row under this strategy.
    var candidates: [PNGRowFilter] {
        switch self {
        case .none: [.none]
        case .sub: [.sub]
        case .up: [.up]
        case .adaptive: [.none, .sub, .up]
        }
    }
}
