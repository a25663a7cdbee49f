/// How `CSVReader` treats the first non-blank line of a file.
public enum CSVHeader: Sendable {
    /// A first row whose every cell is non-numeric text that looks like a name (starts with a letter,
    /// `_` or `#`) is the header: its cells become `columnNames` and their count must match every data row. Any
    /// other first row is data (so a stray token such as `1e` or `TRUE` among numbers is an error).
    case detect
    /// A first line with any non-numeric cell is skipped without being split into names, for
    /// free-text title lines such as UCI's `Time (seconds), CO conc (ppm), …` above whitespace columns.
    case detectIgnoringNames
    /// There is no header: a non-numeric first row is an error like any other.
    case absent
}
