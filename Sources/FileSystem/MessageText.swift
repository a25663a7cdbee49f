/// How values are worded inside error messages, once for every module that writes them, so that a message reads as
/// a sentence whatever the input held.
package enum MessageText {
    /// The count with its noun in the number it takes: "1 row", "0 rows", "3 rows"; `plural` for a noun that does not
    /// add an s ("1 entry", "2 entries").
    package static func count(_ count: some BinaryInteger, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }

    /// The first `shown` items joined by ", ", then "… N in all" when there are more: a list from the input (categories,
    /// runs) that stays one line however long it is.
    package static func list(_ items: [String], shown: Int = 5) -> String {
        guard items.count > shown else { return items.joined(separator: ", ") }
        return items.prefix(shown).joined(separator: ", ") + ", … \(items.count) in all"
    }

    /// `text` as a message quotes it from a file: control characters shown as `\u{…}` (so a binary file is never echoed
    /// raw) and cut to `limit` characters with "…".
    package static func excerpt(_ text: String, limit: Int = 40) -> String {
        var shown = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == limit { shown += "…"; break }
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{FFFD}" {
                shown += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// The `excerpt` of `text` in double quotes, with inner quotes escaped.
    package static func quoted(_ text: String, limit: Int = 40) -> String {
        "\"" + excerpt(text.replacingOccurrences(of: "\"", with: "\\\""), limit: limit) + "\""
    }
}
