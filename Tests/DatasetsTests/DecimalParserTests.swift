import Foundation
import Testing
@testable import Datasets

@Suite struct DecimalParserTests {
    private func parse(_ text: String) -> DecimalParser.Outcome {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return DecimalParser.parse([UInt8(0)], count: 0) }
            return DecimalParser.parse(base, count: buffer.count)
        }
    }

    @Test(arguments: ["0", "-0", "1", "-2.5", "+3.25", ".5", "5.", "0.9978", "55139.95", "-50.85", "1e5", "1E-5",
                      "2.5e+10", "0.000001234", "123456789012345678", "1234567890123456789012345",
                      "0.1234567890123456789012", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308",
                      "9007199254740993", "1e-400", "00012.5000"])
    func agreesWithTheCLibrary(text: String) {
        #expect(parse(text) == .number(strtod(text, nil)))
    }

    @Test func keepsTheSignOfZero() {
        guard case let .number(value) = parse("-0.0") else { Issue.record("not a number"); return }
        #expect(value == 0 && value.sign == .minus)
    }

    @Test(arguments: ["nan", "NaN", "-inf", "Infinity", "+INF", "1e309", "-1e400000000"])
    func flagsNonFiniteValues(text: String) {
        #expect(parse(text) == .nonFinite)
    }

    @Test(arguments: ["", "-", ".", "e5", "1e", "1e+", "1.2.3", "abc", "1,5", "0x1p3", "12a", " 1", "1 ", "\"1\"", "na", "infinit"])
    func rejectsMalformedText(text: String) {
        #expect(parse(text) == .malformed)
    }
}
