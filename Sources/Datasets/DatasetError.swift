import FileSystem

/// Everything that can go wrong reading, checking or preprocessing a dataset.
///
/// Each case names what was expected, what arrived and where; `description` is one sentence a
/// user can act on. Lines, rows and columns are 1-based, as a text editor counts them.
public enum DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No file at `path`; `requirement` says which dataset needs it and how to supply it.
    case fileNotFound(path: String, requirement: String?)
    /// The file exists but could not be read (a directory, no permission, an I/O error).
    case unreadable(path: String, reason: String)
    /// The file could not be written.
    case unwritable(path: String, reason: String)
    /// A text cell that is not a number.
    case malformedValue(path: String, line: Int, column: Int, text: String)
    /// A text row whose number of cells differs from the header's or the first row's.
    case raggedRow(path: String, line: Int, expectedColumns: Int, foundColumns: Int)
    /// A text cell holding NaN or infinity (spelled out, or a number too large for a `Double`).
    case nonFiniteValue(path: String, line: Int, column: Int, text: String)
    /// A binary entry holding NaN or infinity.
    case nonFiniteEntry(path: String, row: Int, column: Int)
    /// A text cell whose number is finite as a `Double` but beyond `Float`'s range (±3.4e38), in which models train.
    case outOfFloatRange(path: String, line: Int, column: Int, text: String)
    /// A binary entry beyond `Float`'s range.
    case outOfFloatRangeEntry(path: String, row: Int, column: Int, value: Double)
    /// A file read as text that holds a NUL byte or invalid UTF-8 near `offset` (a binary file).
    case notText(path: String, offset: Int)
    /// The file holds no data rows.
    case empty(path: String)
    /// A `.npy` element type other than `<f4`, `<f8`, `<i4`, `<i8` and `|u1`.
    case unsupportedNPYDType(path: String, dtype: String)
    /// A `.npy` file that is not a C-order array of one or two dimensions (or not a `.npy` file at all).
    case unsupportedNPYLayout(path: String, reason: String)
    /// A `.npy` file shorter than its header promises.
    case truncatedNPY(path: String, expectedBytes: Int, actualBytes: Int)
    /// A dataset file whose extension names no format this module reads.
    case unsupportedFileExtension(path: String)
    /// A dataset name that is not in the catalogue.
    case unknownDataset(name: String, known: [String])
    /// Too few rows to carve the requested splits.
    case tooFewRows(source: String, rowCount: Int, minimum: Int)
    /// A table with the wrong number of columns for what the dataset needs.
    case wrongDimension(source: String, expected: Int, found: Int)
    /// Two files of one dataset with different numbers of columns.
    case columnCountMismatch(firstPath: String, firstColumns: Int, secondPath: String, secondColumns: Int)
    /// A column with zero spread, which cannot be standardised.
    case constantColumn(source: String, column: Int)
    /// A `.gz` file that zlib cannot decompress (not gzip, damaged or truncated).
    case corruptCompressedFile(path: String, reason: String)
    /// A column named by an option (`--drop-columns`, `--label-column`) that the file does not have;
    /// `known` lists the header's names when it has one.
    case unknownColumn(path: String, column: String, columnCount: Int, known: [String]?)
    /// A header row that leaves a column without a name (`column` is 1-based).
    case unnamedColumn(path: String, line: Int, column: Int)
    /// Every column was set aside (dropped on request, a label, constant, or taken as context), so nothing is left to model.
    case noColumnsLeft(path: String, dropped: [String])
    /// An image file (IDX, CIFAR-10 binary, `.npy` images) whose content breaks its format.
    case malformedImageFile(path: String, format: String, reason: String)
    /// Decoding a file would take more memory than the limit allows (`DecodingLimit`), as its header declares.
    case exceedsMemoryLimit(path: String, what: String, neededBytes: Int, limitBytes: Int)
    /// Two image files of one dataset with different image shapes (`[channels, height, width]`).
    case imageShapeMismatch(firstPath: String, firstShape: [Int], secondPath: String, secondShape: [Int])
    /// A canonical file whose split sizes differ from the published ones (Papamakarios et al. 2017, §4).
    case unexpectedSplitSizes(dataset: String, source: String, expected: SplitSizes, found: SplitSizes)

    /// One sentence saying what was expected, what arrived and where.
    public var description: String {
        switch self {
        case let .fileNotFound(path, requirement): "file not found: \(path)" + (requirement.map { " (\($0))" } ?? "")
        case let .unreadable(path, reason): "\(path) cannot be read: \(reason)"
        case let .unwritable(path, reason): "\(path) cannot be written: \(reason)"
        case let .malformedValue(path, line, column, text): "\(path) line \(line), column \(column): expected a number, found \(MessageText.quoted(text))"
        case let .raggedRow(path, line, expected, found): "\(path) line \(line): expected \(MessageText.count(expected, "column")), found \(found)"
        case let .nonFiniteValue(path, line, column, text): "\(path) line \(line), column \(column): expected a finite number, found \(MessageText.quoted(text))"
        case let .nonFiniteEntry(path, row, column): "\(path) row \(row), column \(column): expected a finite number, found NaN or infinity"
        case let .outOfFloatRange(path, line, column, text): "\(path) line \(line), column \(column): \(MessageText.quoted(text)) is beyond the float32 range (±3.4e38) in which models train"
        case let .outOfFloatRangeEntry(path, row, column, value): "\(path) row \(row), column \(column): \(value) is beyond the float32 range (±3.4e38) in which models train"
        case let .notText(path, offset): "\(path) is not a text file (a binary byte at offset \(offset)); expected CSV text, or a .npy file"
        case let .empty(path): "\(path) holds no data rows"
        case let .unsupportedNPYDType(path, dtype): "\(path): unsupported NumPy dtype \(MessageText.quoted(dtype)); expected one of \(NPYScalarType.supportedList)"
        case let .unsupportedNPYLayout(path, reason): "\(path): unsupported .npy layout: \(reason)"
        case let .truncatedNPY(path, expected, actual): "\(path) is truncated: its .npy header promises \(MessageText.count(expected, "byte")), but the file holds \(actual)"
        case let .unsupportedFileExtension(path): "\(path): expected a .csv, .tsv, .txt, .dat or .npy file"
        case let .unknownDataset(name, known): "unknown dataset \(MessageText.quoted(name)); expected one of \(known.joined(separator: ", "))"
        case let .tooFewRows(source, rowCount, minimum): "\(source) has \(MessageText.count(rowCount, "row")), but at least \(minimum) \(minimum == 1 ? "is" : "are") needed"
        case let .wrongDimension(source, expected, found): "\(source): expected \(MessageText.count(expected, "column")), found \(found)"
        case let .columnCountMismatch(firstPath, firstColumns, secondPath, secondColumns):
            "\(firstPath) has \(MessageText.count(firstColumns, "column")) but \(secondPath) has \(secondColumns); "
                + "all files of a dataset need the same columns"
        case let .constantColumn(source, column): "\(source) column \(column) is constant, so it cannot be standardised"
        case let .corruptCompressedFile(path, reason): "\(path) cannot be decompressed as gzip: \(reason)"
        case let .unknownColumn(path, column, columnCount, known):
            "\(path) has no column \(MessageText.quoted(column)): expected a name from its header or a number from 1 to \(columnCount)"
                + (known.map { "; its columns are " + $0.map { MessageText.quoted($0) }.joined(separator: ", ") } ?? " (it has no header, so name columns by number)")
        case let .unnamedColumn(path, line, column):
            "\(path) line \(line): a header with column \(column) unnamed; expected a name for every column (an unnamed first column "
                + "is often a saved row index: write the file without it, e.g. pandas' to_csv(index=False), or name it and leave it out "
                + "with --drop-columns)"
        case let .noColumnsLeft(path, dropped): "\(path): no columns are left to model after setting aside \(dropped.joined(separator: ", "))"
        case let .malformedImageFile(path, format, reason): "\(path) (\(format)): \(reason)"
        case let .exceedsMemoryLimit(path, what, needed, limit):
            "\(path): \(what) would take \(Self.gibibytes(needed)), above the memory limit of \(Self.gibibytes(max(limit, 0))) left for it; "
                + "nothing was allocated (raise the limit with --memory-limit <GiB> if the file is what you meant)"
        case let .imageShapeMismatch(firstPath, firstShape, secondPath, secondShape):
            "\(firstPath) holds images of shape \(firstShape) but \(secondPath) holds \(secondShape); "
                + "all files of a dataset need one image shape [channels, height, width]"
        case let .unexpectedSplitSizes(dataset, source, expected, found):
            "\(dataset) from \(source): expected train/validation/test sizes \(expected), found \(found); "
                + "the file is incomplete or not the canonical one"
        }
    }

    /// `bytes` in GiB with two decimals.
    private static func gibibytes(_ bytes: Int) -> String { String(format: "%.2f GiB", Double(bytes) / 1_073_741_824) }
}
