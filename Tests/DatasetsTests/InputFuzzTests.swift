import Foundation
import Testing
@testable import Datasets
import SeededRandom

/// A seeded fuzz pass over generated CSV and `.npy` files: every case ends in a clean `DatasetError`
/// naming the file (short, no control characters) or in a table equal to what an independent reference
/// reading expects; never a trap. 200 CSV cases and 100 `.npy` cases.
struct InputFuzzTests {
    static let csvCaseCount = 200
    static let npyCaseCount = 100

    static let tokens = ["1e", "TRUE", "null", "0x1p3", "１２", "nan", "inf", "-Infinity", "1e39", "-1e39", "1e400", "", "1.2.3", "--1",
                         "+.5", "5.", ".", "e5", "1e-50", "abc", "3.4e38", "-0", "007", " 2 "]

    /// A decimal number as the reader's grammar defines it: `[+-]digits[.digits][(e|E)[+-]digits]`.
    static func referenceNumber(_ text: String) -> Double?? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.range(of: #"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil else { return .none }
        guard let value = Double(trimmed), value.isFinite, abs(value) <= Double(Float.greatestFiniteMagnitude) else { return .some(nil) }
        return .some(value)
    }

    /// What reading comma-separated `text` must give: the values and shape, or `nil` for an error.
    static func referenceRead(_ text: String) -> (rows: Int, columns: Int, values: [Double])? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first = lines.first else { return nil }
        let firstFields = first.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let isHeader = firstFields.allSatisfy { field in
            guard !field.isEmpty, referenceNumber(field) == nil, Double(field)?.isNaN != true, !["inf", "-infinity", "infinity", "-inf"].contains(field.lowercased()) else { return false }
            guard let scalar = field.unicodeScalars.first else { return false }
            return scalar == "_" || scalar == "#" || scalar.properties.isAlphabetic
        }
        var columns = isHeader ? firstFields.count : nil
        var values: [Double] = []
        for line in lines.dropFirst(isHeader ? 1 : 0) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for field in fields {
                guard case .some(.some(let value)) = referenceNumber(field) else { return nil }
                values.append(value)
            }
            if let columns, columns != fields.count { return nil }
            columns = fields.count
        }
        guard let columns, !values.isEmpty else { return nil }
        return (values.count / columns, columns, values)
    }

    /// A clean error: a `DatasetError` naming the file in one short line.
    static func expectCleanError(_ error: Error, path: String, case index: Int) {
        guard let error = error as? DatasetError else { Issue.record("case \(index): not a DatasetError: \(error)"); return }
        let message = error.description
        #expect(message.contains(path), "case \(index): \(message)")
        #expect(message.count < path.count + 200 && !message.unicodeScalars.contains { $0.value < 0x20 }, "case \(index): \(message)")
    }

    @Test func generatedAndMutatedCSVFilesEndInACleanErrorOrTheRightTable() throws {
        var generator = SplitMix64(seed: 2026)
        let directory = try TemporaryDirectory()
        var accepted = 0, refused = 0
        for index in 0..<Self.csvCaseCount {
            let columnCount = Int.random(in: 1...4, using: &generator), rowCount = Int.random(in: 1...6, using: &generator)
            var lines: [[String]] = (0..<rowCount).map { _ in
                (0..<columnCount).map { _ in ["1.5", "-0.25", "3e2", "12", "0", "-7.125", "2.5E-3"].randomElement(using: &generator) ?? "1" }
            }
            let hasHeader = Bool.random(using: &generator)
            let kind = index % 4  // 0 clean, 1 token, 2 ragged or duplicated line, 3 raw bytes or truncation
            if kind == 1 {
                let row = Int.random(in: 0..<rowCount, using: &generator), column = Int.random(in: 0..<columnCount, using: &generator)
                lines[row][column] = Self.tokens.randomElement(using: &generator) ?? ""
            } else if kind == 2 {
                let row = Int.random(in: 0..<rowCount, using: &generator)
                if Bool.random(using: &generator), lines[row].count > 1 { lines[row].removeLast() } else { lines.insert(lines[row], at: row) }
            }
            let header = hasHeader ? [(1...columnCount).map { "x\($0)" }.joined(separator: ",")] : []
            var bytes = Array((header + lines.map { $0.joined(separator: ",") }).joined(separator: "\n").utf8) + [0x0A]
            if kind == 3 {
                if Bool.random(using: &generator) {
                    for _ in 0..<Int.random(in: 1...4, using: &generator) {
                        bytes.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...bytes.count, using: &generator))
                    }
                } else {
                    bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
                }
            }
            let path = try directory.write(Data(bytes), to: "case\(index).csv")
            let expected = kind == 3 ? nil : Self.referenceRead(String(decoding: bytes, as: UTF8.self))
            do {
                let table = try CSVReader.read(path: path)
                accepted += 1
                #expect(table.values.count == table.rowCount * table.columnCount && table.rowCount > 0, "case \(index)")
                #expect(table.values.allSatisfy { $0.isFinite && abs($0) <= Double(Float.greatestFiniteMagnitude) }, "case \(index)")
                if kind != 3 {
                    #expect(expected?.values == table.values && expected?.columns == table.columnCount, "case \(index): \(String(decoding: bytes, as: UTF8.self))")
                }
            } catch {
                refused += 1
                Self.expectCleanError(error, path: path, case: index)
                if kind != 3 { #expect(expected == nil, "case \(index) was refused: \(error)") }
            }
        }
        #expect(accepted + refused == Self.csvCaseCount && accepted > 40 && refused > 40)
    }

    @Test func generatedAndMutatedNPYFilesEndInACleanErrorOrTheRightTable() throws {
        var generator = SplitMix64(seed: 7)
        let directory = try TemporaryDirectory()
        var accepted = 0, refused = 0
        for index in 0..<Self.npyCaseCount {
            let rows = Int.random(in: 1...5, using: &generator), columns = Int.random(in: 1...3, using: &generator)
            let values = (0..<(rows * columns)).map { _ in Double(Int.random(in: -1000...1000, using: &generator)) / 8 }
            let path = directory.path + "/case\(index).npy"
            let isDouble = Bool.random(using: &generator)
            try NPYWriter.write(DataTable(rowCount: rows, columnCount: columns, values: values), to: path, precision: isDouble ? .float64 : .float32)
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let kind = index % 4  // 0 clean, 1 header byte, 2 data byte, 3 truncation
            let headerEnd = bytes.count - values.count * (isDouble ? 8 : 4)
            switch kind {
            case 1: bytes[Int.random(in: 0..<headerEnd, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            case 2: bytes[Int.random(in: headerEnd..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            case 3: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            default: break
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let table = try Dataset.readTable(at: path)
                accepted += 1
                #expect(table.values.count == table.rowCount * table.columnCount, "case \(index)")
                #expect(table.values.allSatisfy { $0.isFinite && abs($0) <= Double(Float.greatestFiniteMagnitude) }, "case \(index)")
                if kind == 0 { #expect(table.values == values && table.rowCount == rows, "case \(index)") }
                if kind == 3 { Issue.record("case \(index): a truncated file was accepted") }
            } catch {
                refused += 1
                Self.expectCleanError(error, path: path, case: index)
                #expect(kind != 0, "case \(index): a clean file was refused: \(error)")
            }
        }
        #expect(accepted + refused == Self.npyCaseCount && accepted >= 25 && refused >= 25)
    }
}
