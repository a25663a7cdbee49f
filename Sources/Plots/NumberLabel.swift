import Foundation

/// Short, readable number strings for tick and colour-bar labels, with a typographic minus sign (U+2212)
/// as matplotlib writes it.
enum NumberLabel {
    /// The minus sign of labels: as wide as a digit's plus, unlike the hyphen.
    static let minus = "\u{2212}"

    /// `value` with just enough decimals to tell ticks `step` apart: 0.5 → "0.5", 100 → "100", −2 → "−2".
    ///
    /// Steps are 1, 2 or 5 × 10^k, so k < 0 needs −k decimals. Very large or tiny magnitudes fall back
    /// to ``compact(_:)``. Negative zero prints as "0".
    static func tick(_ value: Double, step: Double) -> String {
        guard value.isFinite, step.isFinite, step > 0 else { return compact(value) }
        let magnitude = max(abs(value), step)
        if magnitude >= 1e6 || step < 1e-5 { return compact(value) }
        let decimals = max(0, -Int(Foundation.log10(step).rounded(.down)))
        return typographic(String(format: "%.\(decimals)f", value))
    }

    /// `value` to three significant figures: 0.153, 1.47, −12.3, 1235, and 1.23e−05 beyond [1e-3, 1e4).
    static func compact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "\(minus)inf" : "inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        guard magnitude >= 1e-3, magnitude < 1e4 else { return typographic(String(format: "%.2e", value)) }
        let decimals = max(0, 2 - Int(Foundation.log10(magnitude).rounded(.down)))
        return typographic(String(format: "%.\(decimals)f", value))
    }

    /// 10 with `exponent` in superscript digits: 10⁻³, 10⁰, 10².
    static func powerOfTen(_ exponent: Int) -> String {
        let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let digits = String(abs(exponent)).map { superscripts[$0.wholeNumberValue ?? 0] }
        return "10" + (exponent < 0 ? "⁻" : "") + String(digits)
    }

    /// `text` with "-0.00" shown as "0.00" and hyphen-minus signs as U+2212.
    private static func typographic(_ text: String) -> String {
        let isNegativeZero = text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
        let unsigned = isNegativeZero ? String(text.dropFirst()) : text
        return unsigned.replacingOccurrences(of: "-", with: minus)
    }
}
