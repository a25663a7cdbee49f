import FileSystem

/// Errors of the context c of a conditional run, each naming what was expected, what arrived and where (rows are
/// 1-based, as a text editor counts them).
public enum ContextError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A context column is constant in the training split, so the model could learn nothing from it.
    case constantColumn(path: String, column: String)
    /// A column was named both as context and as a column to drop or as the label.
    case columnInTwoRoles(path: String, column: String, otherRole: String)
    /// A context row with another number of values than the run has context columns.
    case wrongWidth(source: String, expected: [String], found: Int)
    /// A NaN or infinite context value.
    case nonFiniteValue(source: String, row: Int, column: String)
    /// A categorical context value the training split never had.
    case unknownCategory(source: String, row: Int, column: String, value: Double, known: [Double])
    /// A conditional run was asked for something without contexts.
    case contextRequired(run: String, columns: [String], advice: String)
    /// A context was given to a run that has none.
    case unexpectedContext(run: String)

    public var description: String {
        switch self {
        case let .constantColumn(path, column):
            return "context column \(column) of \(path) is constant in the training split, so the model could learn nothing from it; leave it out of --context-columns"
        case let .columnInTwoRoles(path, column, otherRole):
            return "column \(column) of \(path) is named both as context and as \(otherRole); give each column one role"
        case let .wrongWidth(source, expected, found):
            return "\(source): expected \(MessageText.count(expected.count, "context value")) per row (\(expected.joined(separator: ", "))), got \(found)"
        case let .nonFiniteValue(source, row, column):
            return "\(source): the context value of \(column) in row \(row) is not a finite number"
        case let .unknownCategory(source, row, column, value, known):
            return "\(source): row \(row) gives \(column) = \(ContextColumn.format(value)), a category the training split does not have; expected one of "
                + ContextColumn.categoryList(known)
                + (known.count > UserData.detectedCategoryLimit
                    ? " (with \(known.count) categories, \(column) looks numeric: name it in --context-columns but not in --categorical-context)" : "")
        case let .contextRequired(run, columns, advice):
            return "\(run) is a conditional model of x given \(columns.joined(separator: ", ")); \(advice)"
        case let .unexpectedContext(run):
            return "\(run) is not a conditional model (it was trained without --context-columns), so it takes no context"
        }
    }
}
