/// Where a fixed binary mask `[rows, columns]` is nonzero, as strips that products with the masked matrix can
/// keep while skipping the rest.
///
/// A MADE mask whose units are ordered by degree is a staircase (Germain et al., *MADE*, ICML 2015): the
/// hidden unit of degree d reads only the inputs of degree ≤ d, a prefix. About half of every MADE weight is
/// masked to zero, and a dense product spends half its work multiplying those zeros. `MaskBlocks` partitions the
/// rows into contiguous strips, each with the column range (`span`) outside which the strip is zero, and does the
/// same for the columns; `Tensor.maskedLinear` then runs one product per strip over its span only. The result is
/// exactly the dense product's (only terms that are zero are left out), for any mask; a mask without zero blocks
/// gets a single strip and costs what a dense product costs.
package struct MaskBlocks: Sendable, Equatable {
    /// A contiguous range of lines (rows or columns) of the mask and the range of the other axis they reach.
    package struct Strip: Sendable, Equatable {
        /// The lines of the strip.
        package let lines: Range<Int>
        /// The other axis' indices outside which every line of the strip is zero (empty when all of it is).
        package let span: Range<Int>
    }

    /// The mask's extents.
    package let rowCount: Int, columnCount: Int
    /// A partition of the rows; each strip's `span` is a range of columns.
    package let rowStrips: [Strip]
    /// A partition of the columns; each strip's `span` is a range of rows.
    package let columnStrips: [Strip]

    /// Lines are grouped in granules of this many before strips are formed (the width of the kernels' column panels).
    static let granule = 32
    /// The cost of one more product call, in multiply-adds per batch row: about what a call's set-up costs.
    static let stripOverhead = 512

    /// The strips of `mask` (rank 2, any values; nonzero means present).
    package init(mask: Tensor) {
        require(mask.rank == 2, "MaskBlocks: mask must be a matrix, got \(mask.shape)")
        rowCount = mask.shape[0]
        columnCount = mask.shape[1]
        let values = mask.doubles
        var rowSpans = [Range<Int>](repeating: 0..<0, count: rowCount)
        var columnSpans = [Range<Int>](repeating: 0..<0, count: columnCount)
        for row in 0..<rowCount {
            for column in 0..<columnCount where values[row * columnCount + column] != 0 {
                rowSpans[row] = Self.union(rowSpans[row], column..<(column + 1))
                columnSpans[column] = Self.union(columnSpans[column], row..<(row + 1))
            }
        }
        rowStrips = Self.strips(of: rowSpans)
        columnStrips = Self.strips(of: columnSpans)
    }

    /// The share of a dense product's multiply-adds that the row strips perform (1 for a mask without zero blocks).
    package var rowWorkFraction: Double { Self.workFraction(rowStrips, lines: rowCount, width: columnCount) }

    /// The share of a dense product's multiply-adds that the column strips perform.
    package var columnWorkFraction: Double { Self.workFraction(columnStrips, lines: columnCount, width: rowCount) }

    private static func workFraction(_ strips: [Strip], lines: Int, width: Int) -> Double {
        guard lines > 0 && width > 0 else { return 1 }
        return Double(strips.reduce(0) { $0 + $1.lines.count * $1.span.count }) / Double(lines * width)
    }

    /// The smallest range holding both (an empty range holds nothing).
    private static func union(_ a: Range<Int>, _ b: Range<Int>) -> Range<Int> {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        return min(a.lowerBound, b.lowerBound)..<max(a.upperBound, b.upperBound)
    }

    /// The partition of the lines into strips of whole granules that minimises the work Σ lines × span plus
    /// `stripOverhead` per strip (dynamic programming over granule boundaries; at most a few dozen granules).
    private static func strips(of spans: [Range<Int>]) -> [Strip] {
        let count = spans.count
        guard count > 0 else { return [] }
        let granules = (count + granule - 1) / granule
        func lines(_ first: Int, _ end: Int) -> Range<Int> { (first * granule)..<min(end * granule, count) }
        // best[j]: the least cost of covering granules 0..<j; start[j]: where its last strip starts.
        var best = [Int](repeating: .max, count: granules + 1), start = [Int](repeating: 0, count: granules + 1)
        best[0] = 0
        for end in 1...granules {
            var span: Range<Int> = 0..<0
            for first in stride(from: end - 1, through: 0, by: -1) {
                for line in lines(first, first + 1) { span = union(span, spans[line]) }
                let cost = best[first] + lines(first, end).count * span.count + stripOverhead
                if cost < best[end] { best[end] = cost; start[end] = first }
            }
        }
        var result: [Strip] = [], end = granules
        while end > 0 {
            let first = start[end], range = lines(first, end)
            let span = range.reduce(0..<0) { union($0, spans[$1]) }
            result.append(Strip(lines: range, span: span))
            end = first
        }
        return result.reversed()
    }
}
