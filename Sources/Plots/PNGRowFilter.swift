/// One PNG scanline filter (PNG spec §9.2), identified by the type byte that starts each filtered row.
enum PNGRowFilter: UInt8, Sendable, CaseIterable {
    /// Raw bytes.
    case none = 0
    /// `x − a`, a being the same channel one pixel to the left (0 before the first pixel).
    case sub = 1
    /// `x − b`, b being the same byte in the previous row (0 for the first row).
    case up = 2

    /// Appends the filtered bytes of `row` to `output` (without the type byte), arithmetic modulo 256.
    ///
    /// - Parameters:
    ///   - row: The raw scanline being filtered.
    ///   - previous: The raw scanline above, or an empty buffer for the first row.
    ///   - bytesPerPixel: 3 for RGB, 4 for RGBA.
    func apply(
        to row: ArraySlice<UInt8>, previous: ArraySlice<UInt8>, bytesPerPixel: Int, into output: inout [UInt8]
    ) {
        let start = row.startIndex
        switch self {
        case .none:
            output.append(contentsOf: row)
        case .sub:
            for index in row.indices {
                let left = index - start >= bytesPerPixel ? row[index - bytesPerPixel] : 0
                output.append(row[index] &- left)
            }
        case .up:
            for index in row.indices {
                let above = previous.isEmpty ? 0 : previous[previous.startIndex + (index - start)]
                output.append(row[index] &- above)
            }
        }
    }

    /// The sum of |byte| with bytes read as signed integers, the cost minimised by ``PNGFilterStrategy/adaptive``.
    static func cost(of filtered: ArraySlice<UInt8>) -> Int {
        filtered.reduce(0) { total, byte in total + Int(Int8(bitPattern: byte).magnitude) }
    }
}
