import Foundation
import Testing
@testable import Datasets

@Suite struct NPYWriterTests {
    /// NumPy 2.4.6's `np.save` of a (3, 2) array: the header is padded to 128 bytes, with room for
    /// the first axis to grow to 21 digits (58 and 50 blanks below were counted from its output).
    @Test(arguments: [(3, 58), (123_456_789, 50)])
    func writesNumPysHeaderByteForByte(rowCount: Int, blanks: Int) {
        let table = DataTable(rowCount: rowCount, columnCount: rowCount == 3 ? 2 : 0, values: Array(repeating: 0, count: rowCount == 3 ? 6 : 0))
        let data = NPYWriter.data(of: table)
        var expected: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, 0x76, 0]
        expected += Array("{'descr': '<f8', 'fortran_order': False, 'shape': (\(rowCount), \(table.columnCount)), }".utf8)
        expected += Array(repeating: UInt8(ascii: " "), count: blanks) + [0x0A]
        #expect(Array(data.prefix(128)) == expected)
        #expect(data.count == 128 + 8 * table.values.count)
    }

    @Test func roundTripsFloat64Exactly() throws {
        let table = DataTable(rows: [[0.1, -1e-300, 12_345.678_9], [.pi, -0.0, 1e300]])
        let back = try NPYReader.read(data: NPYWriter.data(of: table))
        #expect(back == table)
    }

    @Test func roundsToFloat32WhenAsked() throws {
        let table = DataTable(rows: [[0.1, 2], [1.0 / 3, -4]])
        let data = NPYWriter.data(of: table, precision: .float32)
        #expect(data.count == 128 + 4 * 4)
        #expect(String(decoding: data[10 ..< 26], as: UTF8.self) == "{'descr': '<f4',")
        let back = try NPYReader.read(data: data)
        #expect(back.values == table.values.map { Double(Float($0)) })
    }

    @Test func writesAFileTheReaderReadsBack() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/table.npy"
        let table = DataTable(rows: [[1, 2, 3]])
        try NPYWriter.write(table, to: path)
        #expect(try NPYReader.read(path: path) == table)
    }
}
