/// How values are worded inside error messages, once for every module that writes them, so that a message reads as
/// a sentence whatever the input held.
package enum MessageText {
    /// The count with its noun in the number it takes: "1 row", "0 rows", "3 rows"; `plural` for a noun that does not
    /// add an s ("1 entry", "2 entries").
    package static func count(_ count: some BinaryInteger, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}
