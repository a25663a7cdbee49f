import Foundation

/// Short, readable number strings for tick and colour-bar labels, drawn with the ASCII bitmap font.
enum NumberLabel {
    /// `value` with just enough decimals to tell ticks `step` apart: 0.5 → "0.5", 100 → "100".
    ///
    /// Steps are 1, 2 or 5 × 10^k, so k < 0 needs −k decimals. Very large or tiny magnitudes fall back
    /// to ``compact(_:)``. Negative zero prints as "0".
    static func tick(_ value: Double, step: Double) -> String {
        guard value.isFinite, step.isFinite, step > 0 else { return compact(value) }
        let magnitude = max(abs(value), step)
        if magnitude >= 1e6 || step < 1e-5 { return compact(value) }
        let decimals = max(0, -Int(Foundation.log10(step).rounded(.down)))
        let text = String(format: "%.\(decimals)f", value)
        return isNegativeZero(text) ? String(text.dropFirst()) : text
    }

    /// `value` to three significant figures: 0.153, 1.47, -12.3, 1235, and 1.23e-05 beyond [1e-3, 1e4).
    static func compact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        guard magnitude >= 1e-3, magnitude < 1e4 else { return String(format: "%.2e", value) }
        let decimals = max(0, 2 - Int(Foundation.log10(magnitude).rounded(.down)))
        let text = String(format: "%.\(decimals)f", value)
        return isNegativeZero(text) ? String(text.dropFirst()) : text
    }

    /// Whether `text` is a minus sign followed only by zeros and a point, e.g. "-0.00".
    private static func isNegativeZero(_ text: String) -> Bool {
        text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
    }
}
