import Foundation

/// Parses one decimal number straight from bytes, without building a `String`.
///
/// Accepts `[+-]digits[.digits][(e|E)[+-]digits]` (either digit run may be empty, not both) and the
/// spellings `nan`, `inf`, `infinity` in any case. Results are correctly rounded: the common case
/// (at most 19 significant digits forming an integer below 2⁵³, times 10^±22 or less) is exact by
/// Clinger's fast path, and anything else goes to `strtod` on a null-terminated copy.
/// Clinger, *How to read floating point numbers accurately*, PLDI 1990.
enum DecimalParser {
    /// What a field turned out to be.
    enum Outcome: Equatable {
        /// A finite number.
        case number(Double)
        /// Valid syntax for NaN or infinity, or a finite spelling that overflows a `Double`.
        case nonFinite
        /// Not a number at all.
        case malformed
    }

    /// Exact powers of ten 10⁰ … 10²², the range in which every power is a `Double`.
    private static let powersOfTen: [Double] = (0 ... 22).map { exponent in
        (0 ..< exponent).reduce(1.0) { product, _ in product * 10 }
    }

    /// Parses the `count` bytes at `start`; the whole range must be the number.
    static func parse(_ start: UnsafePointer<UInt8>, count: Int) -> Outcome {
        var index = 0
        var isNegative = false
        if index < count, start[index] == UInt8(ascii: "+") || start[index] == UInt8(ascii: "-") {
            isNegative = start[index] == UInt8(ascii: "-")
            index += 1
        }
        if index < count, isLetter(start[index]) {
            return isNonFiniteSpelling(start + index, count: count - index) ? .nonFinite : .malformed
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var droppedDigits = false
        var decimalExponent = 0
        var sawDigit = false
        var sawPoint = false
        while index < count {
            let byte = start[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                sawDigit = true
                if mantissa == 0 && byte == UInt8(ascii: "0") {
                    if sawPoint { decimalExponent -= 1 }
                } else if significantDigits < 19 {
                    mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                    significantDigits += 1
                    if sawPoint { decimalExponent -= 1 }
                } else {
                    droppedDigits = droppedDigits || byte != UInt8(ascii: "0")
                    if !sawPoint { decimalExponent += 1 }
                }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return .malformed }
        if index < count, start[index] == UInt8(ascii: "e") || start[index] == UInt8(ascii: "E") {
            index += 1
            var exponentIsNegative = false
            if index < count, start[index] == UInt8(ascii: "+") || start[index] == UInt8(ascii: "-") {
                exponentIsNegative = start[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            var sawExponentDigit = false
            while index < count, start[index] >= UInt8(ascii: "0"), start[index] <= UInt8(ascii: "9") {
                // Saturate: any exponent beyond ±100000 already over- or underflows.
                exponent = min(exponent * 10 + Int(start[index] - UInt8(ascii: "0")), 100_000)
                sawExponentDigit = true
                index += 1
            }
            guard sawExponentDigit else { return .malformed }
            decimalExponent += exponentIsNegative ? -exponent : exponent
        }
        guard index == count else { return .malformed }
        if mantissa == 0 { return .number(isNegative ? -0.0 : 0.0) }
        if !droppedDigits, mantissa <= 1 << 53, abs(decimalExponent) <= 22 {
            let magnitude = decimalExponent < 0
                ? Double(mantissa) / powersOfTen[-decimalExponent]
                : Double(mantissa) * powersOfTen[decimalExponent]
            return .number(isNegative ? -magnitude : magnitude)
        }
        let value = slowParse(start, count: count)
        return value.isFinite ? .number(value) : .nonFinite
    }

    /// Correctly rounded conversion of already validated decimal syntax by the C library.
    private static func slowParse(_ start: UnsafePointer<UInt8>, count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for index in 0 ..< count { buffer[index] = CChar(bitPattern: start[index]) }
            buffer[count] = 0
            guard let terminated = buffer.baseAddress else { return .nan }
            return strtod(terminated, nil)
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// Whether the bytes spell `nan`, `inf` or `infinity`, ignoring case.
    private static func isNonFiniteSpelling(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        let lowered = (0 ..< count).map { start[$0] | 0x20 }
        return ["nan", "inf", "infinity"].contains { Array($0.utf8) == lowered }
    }
}
