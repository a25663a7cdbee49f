extension LoadedRun {
    /// The names of the training data's columns when the run was trained on a file whose header names them
    /// (one per model dimension); `nil` for catalogue datasets and header-less files. Reads the training file.
    public func dataColumnNames() throws -> [String]? {
        guard case .files = configuration.data else { return nil }
        // The columns the model sees, after any were dropped, as recorded when the file was prepared.
        if let names = configuration.preparation?.columnNames, names.count == model.dimension { return names }
        guard let names = try dataset().train.columnNames, names.count == model.dimension else { return nil }
        return names
    }
}
