/// How `CSVReader` treats the first non-blank line of a file.
public enum CSVHeader: Sendable {
    /// A first row with a cell of non-numeric text is the header: its cells become `columnNames` and
    /// their count must match every data row. A first row of numbers (and empty cells) is data.
    case detect
    /// Like `detect`, but a non-numeric first line is skipped without being split into names, for
    /// free-text title lines such as UCI's `Time (seconds), CO conc (ppm), …` above whitespace columns.
    case detectIgnoringNames
    /// There is no header: a non-numeric first row is an error like any other.
    case absent
}
