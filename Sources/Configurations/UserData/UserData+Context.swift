import Datasets

extension UserData {
    /// The most distinct values a context column may have to be taken for categorical when `--categorical-context`
    /// is not given (and then only if every value is an integer).
    public static let detectedCategoryLimit = 10

    /// The context columns of a conditional run, from the request's names or numbers: numeric, or categorical over
    /// the training split's distinct values. Declared categorical columns are context columns too; without any
    /// declared, a column of few integer values is taken for categorical, with a message saying so.
    ///
    /// - Parameters:
    ///   - train: the training split with all of the file's columns.
    ///   - resolve: a name or number to its 1-based column.
    ///   - excluded: columns with another role (dropped, the label), which cannot also be context.
    /// - Returns: the columns in the order given, and messages for the user.
    /// - Throws: `DatasetError.unknownColumn`; `ContextError.columnInTwoRoles` or `.constantColumn`.
    static func contextColumns(_ request: FilePreparationRequest, train: DataTable, path: String, header: [String]?,
                               resolve: (String) throws -> Int, excluded: [FilePreparation.DroppedColumn]) throws -> (columns: [ContextColumn], notes: [String]) {
        var numbers: [Int] = []
        for spec in request.contextColumns + request.categoricalContext {
            let column = try resolve(spec)
            if !numbers.contains(column) { numbers.append(column) }
        }
        let categorical = Set(try request.categoricalContext.map(resolve))
        var columns: [ContextColumn] = [], detected: [String] = []
        for number in numbers {
            let name = header.map { $0[number - 1] } ?? "column \(number)"
            if let other = excluded.first(where: { $0.column == number }) {
                throw ContextError.columnInTwoRoles(path: path, column: name, otherRole: other.reason == .label ? "the label (--label-column)" : "a column to drop (--drop-columns)")
            }
            let values = train.column(number - 1)
            let distinct = Array(Set(values)).sorted()
            guard distinct.count > 1 else { throw ContextError.constantColumn(path: path, column: name) }
            var isCategorical = categorical.contains(number)
            if request.categoricalContext.isEmpty && distinct.count <= detectedCategoryLimit && distinct.allSatisfy({ $0 == $0.rounded() }) {
                isCategorical = true
                detected.append("\(name) (\(distinct.map(ContextColumn.format).joined(separator: ", ")))")
            }
            columns.append(ContextColumn(column: number, name: name, categories: isCategorical ? distinct : nil))
        }
        var notes: [String] = []
        if !detected.isEmpty {
            notes.append("context \(detected.count == 1 ? "column" : "columns") \(detected.joined(separator: ", ")) "
                + "\(detected.count == 1 ? "has" : "have") at most \(detectedCategoryLimit) distinct integer values, so \(detected.count == 1 ? "it is" : "they are") "
                + "taken for categorical and one-hot encoded; --categorical-context names the categorical columns instead (the other context columns are then numeric)")
        }
        return (columns, notes)
    }
}
