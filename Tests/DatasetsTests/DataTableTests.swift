import Testing
@testable import Datasets

@Suite struct DataTableTests {
    let table = DataTable(rows: [[1, 2, 3], [4, 5, 6], [7, 8, 10]], columnNames: ["a", "b", "c"])

    @Test func storesRowMajor() {
        #expect(table.rowCount == 3 && table.columnCount == 3)
        #expect(table.values == [1, 2, 3, 4, 5, 6, 7, 8, 10])
        #expect(table[1, 2] == 6)
        #expect(Array(table.row(2)) == [7, 8, 10])
        #expect(table.column(1) == [2, 5, 8])
    }

    @Test func subscriptSetsOneEntry() {
        var copy = table
        copy[2, 0] = -1
        #expect(copy.values == [1, 2, 3, 4, 5, 6, -1, 8, 10])
        #expect(table[2, 0] == 7)
    }

    @Test func slicesRows() {
        let middle = table.rows(in: 1 ..< 3)
        #expect(middle.rowCount == 2)
        #expect(middle.values == [4, 5, 6, 7, 8, 10])
        #expect(middle.columnNames == ["a", "b", "c"])
        #expect(table.rows(in: 1 ..< 1).rowCount == 0)
    }

    @Test func selectsAndRemovesColumns() {
        let selected = table.selectingColumns([2, 0])
        #expect(selected.values == [3, 1, 6, 4, 10, 7])
        #expect(selected.columnNames == ["c", "a"])
        let removed = table.removingColumns([1])
        #expect(removed.values == [1, 3, 4, 6, 7, 10])
        #expect(removed.columnNames == ["a", "c"])
    }

    @Test func stacksVertically() {
        let stacked = DataTable.vstack([table.rows(in: 2 ..< 3), table.rows(in: 0 ..< 1)])
        #expect(stacked.rowCount == 2)
        #expect(stacked.values == [7, 8, 10, 1, 2, 3])
    }

    /// Expected values by hand (and NumPy): column c = [3, 6, 10] has mean 19/3,
    /// Σ(x − mean)² = 100/9 + 1/9 + 121/9 = 222/9.
    @Test func computesMeansAndStandardDeviations() {
        #expect(isClose(table.columnMeans(), [4, 5, 19.0 / 3]))
        #expect(isClose(table.columnStandardDeviations(), [(6.0).squareRoot(), (6.0).squareRoot(), (222.0 / 27).squareRoot()]))
        #expect(isClose(table.columnStandardDeviations(deltaDegreesOfFreedom: 1), [3, 3, (222.0 / 18).squareRoot()]))
    }

    @Test func standardisesPerColumn() {
        let standardised = table.standardised(mean: [1, 2, 3], std: [1, 2, 7])
        #expect(standardised.values == [0, 0, 0, 3, 1.5, 3.0 / 7, 6, 3, 1])
        let own = table.standardised(mean: table.columnMeans(), std: table.columnStandardDeviations())
        #expect(isClose(own.columnMeans(), [0, 0, 0]))
        #expect(isClose(own.columnStandardDeviations(), [1, 1, 1]))
    }

    /// Column b = 2a exactly, so corr(a, b) = 1; corr(a, c) is NumPy's value.
    @Test func correlatesColumns() {
        let correlated = DataTable(rows: [[1, 2, 0], [2, 4, 5], [3, 6, 1], [4, 8, 2]])
        let correlations = correlated.columnCorrelations()
        #expect(isClose(correlations[0][1], 1))
        #expect(isClose(correlations[1][0], 1))
        #expect(isClose(correlations[0][0], 1))
        // np.corrcoef([1, 2, 3, 4], [0, 5, 1, 2])[0, 1]
        #expect(isClose(correlations[0][2], 0.11952286093343936))
    }

    @Test func refusesToStandardiseAConstantColumn() {
        let constant = DataTable(rows: [[1, 5], [2, 5], [3, 5]])
        #expect(datasetError { try constant.standardisationParameters(deltaDegreesOfFreedom: 0, source: "t") }
            == .constantColumn(source: "t", column: 2))
    }
}
