extension DataTable {
    /// The rows in an order drawn from `generator` (Fisher–Yates), with the same column names.
    ///
    /// The draws are written out (`nextIndex(below:)`), not the standard library's `shuffled(using:)`, whose
    /// algorithm may change between Swift versions: the same generator gives the same order everywhere.
    public func shuffledRows(using generator: inout some RandomNumberGenerator) -> DataTable {
        var order = Array(0 ..< rowCount)
        for index in stride(from: rowCount - 1, to: 0, by: -1) {
            order.swapAt(index, generator.nextIndex(below: index + 1))
        }
        return selectingRows(order)
    }

    /// The given rows, in the given order (repeats allowed), as a new table with the same column names.
    public func selectingRows(_ indices: [Int]) -> DataTable {
        precondition(indices.allSatisfy { $0 >= 0 && $0 < rowCount }, "row indices out of 0..<\(rowCount)")
        var selected = [Double]()
        selected.reserveCapacity(indices.count * columnCount)
        for row in indices { selected.append(contentsOf: self.row(row)) }
        return DataTable(rowCount: indices.count, columnCount: columnCount, values: selected, columnNames: columnNames)
    }
}

extension RandomNumberGenerator {
    /// A uniform integer in `0 ..< bound` by rejection (no modulo bias), the same on every platform.
    mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound")
        let range = UInt64(bound)
        let threshold = (0 &- range) % range   // 2^64 mod range: draws below it would bias the result
        while true {
            let draw = next()
            if draw >= threshold { return Int(draw % range) }
        }
    }
}
