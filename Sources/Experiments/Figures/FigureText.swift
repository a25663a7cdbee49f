/// Text for the Plots bitmap font, which covers printable ASCII only and draws anything else as a box.
enum FigureText {
    /// `text` with the typographic characters that captions commonly use spelled in ASCII
    /// ("−1.60" → "-1.60", "≈" → "~", "×" → "x", "±" → "+/-"); other non-ASCII characters stay and show as boxes.
    static func ascii(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{2212}", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}": result += "-"
            case "\u{2248}": result += "~"
            case "\u{00D7}": result += "x"
            case "\u{00B1}": result += "+/-"
            case "\u{2264}": result += "<="
            case "\u{2265}": result += ">="
            case "\u{00A0}", "\u{2009}", "\u{202F}": result += " "
            case "\u{2018}", "\u{2019}": result += "'"
            case "\u{201C}", "\u{201D}": result += "\""
            case "\u{2026}": result += "..."
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
