import ArgumentParser

/// A grid of rows × columns such as `8x8`, for `lgf sample --grid`.
struct GridSize: ExpressibleByArgument, Equatable {
    let rows: Int
    let columns: Int

    init(rows: Int, columns: Int) {
        (self.rows, self.columns) = (rows, columns)
    }

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let rows = Int(parts[0]), let columns = Int(parts[1]), rows > 0, columns > 0,
              !rows.multipliedReportingOverflow(by: columns).overflow else { return nil }
        (self.rows, self.columns) = (rows, columns)
    }

    var count: Int { rows * columns }

    static var defaultCompletionKind: CompletionKind { .default }
}
