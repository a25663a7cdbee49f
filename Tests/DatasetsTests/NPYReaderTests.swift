import Foundation
import Testing
@testable import Datasets

/// A `.npy` file built by hand: `header` is the dict text; padding is added like NumPy's.
func npyBytes(_ header: String, major: UInt8 = 1, payload: [UInt8]) -> Data {
    let lengthSize = major == 1 ? 2 : 4
    var text = header
    text += String(repeating: " ", count: 63 - (8 + lengthSize + text.utf8.count) % 64) + "\n"
    let length = text.utf8.count
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
    bytes += (0 ..< lengthSize).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
    return Data(bytes + Array(text.utf8) + payload)
}

/// The little-endian bytes of `values` as `T`.
func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
}

@Suite struct NPYReaderTests {
    private func read(_ data: Data) throws -> DataTable { try NPYReader.read(data: data, path: "x.npy") }

    /// The exact bytes NumPy 2.4.6 writes for
    /// `np.lib.format.write_array(f, np.array([1.5, 2.5], dtype='<f4'), version=(2, 0))`.
    @Test func readsNumPysVersionTwoOneDimensionalFloat32() throws {
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [2, 0, 0x74, 0, 0, 0]
        bytes += Array("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }".utf8)
        bytes += Array(repeating: UInt8(ascii: " "), count: 58) + [0x0A]
        bytes += [0, 0, 0xC0, 0x3F, 0, 0, 0x20, 0x40]
        let table = try read(Data(bytes))
        #expect(table.rowCount == 2 && table.columnCount == 1)
        #expect(table.values == [1.5, 2.5])
    }

    @Test func readsTwoDimensionalFloat64InRowMajorOrder() throws {
        let payload = littleEndianBytes([1.0, 2, 3, 4, 5, 6].map(\.bitPattern))
        let table = try read(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", payload: payload))
        #expect(table.rowCount == 2 && table.columnCount == 3)
        #expect(table.values == [1, 2, 3, 4, 5, 6])
    }

    @Test func readsIntegerTypesAndVersionThree() throws {
        let int32 = try read(npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 1), }", major: 3,
                                      payload: littleEndianBytes([Int32(-7), 9])))
        #expect(int32.values == [-7, 9])
        let int64 = try read(npyBytes("{\"descr\": \"<i8\", \"fortran_order\": False, \"shape\": (1L, 2L)}",
                                      payload: littleEndianBytes([Int64(1) << 40, -3])))
        #expect(int64.values == [1_099_511_627_776, -3])
        let bytes = try read(npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", payload: [0, 128, 255]))
        #expect(bytes.values == [0, 128, 255])
    }

    @Test(arguments: [">f8", "<f2", "<c16", "|b1", "<U4"])
    func rejectsUnsupportedDTypes(dtype: String) {
        let data = npyBytes("{'descr': '\(dtype)', 'fortran_order': False, 'shape': (1,), }", payload: Array(repeating: 0, count: 16))
        #expect(datasetError { try read(data) } == .unsupportedNPYDType(path: "x.npy", dtype: dtype))
    }

    @Test func rejectsStructuredDTypes() {
        let data = npyBytes("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", payload: Array(repeating: 0, count: 8))
        #expect(datasetError { try read(data) } == .unsupportedNPYDType(path: "x.npy", dtype: "[('a', '<f8')]"))
    }

    @Test func rejectsFortranOrder() {
        let data = npyBytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", payload: Array(repeating: 0, count: 32))
        guard case let .unsupportedNPYLayout(path, reason)? = datasetError({ try read(data) }) else {
            Issue.record("expected unsupportedNPYLayout")
            return
        }
        #expect(path == "x.npy" && reason.contains("Fortran"))
    }

    @Test func rejectsMoreThanTwoDimensionsAndScalars() {
        let cube = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", payload: Array(repeating: 0, count: 8))
        #expect(datasetError { try read(cube) }
            == .unsupportedNPYLayout(path: "x.npy", reason: "3 dimensions (shape [1, 1, 1]); expected 1 or 2"))
        let scalar = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", payload: Array(repeating: 0, count: 8))
        #expect(datasetError { try read(scalar) }
            == .unsupportedNPYLayout(path: "x.npy", reason: "0 dimensions (shape []); expected 1 or 2"))
    }

    @Test func rejectsBadMagicVersionsAndHeaders() {
        #expect(datasetError { try read(Data("x,y\n1,2\n".utf8)) }
            == .unsupportedNPYLayout(path: "x.npy", reason: "not a .npy file (the magic string \\x93NUMPY is missing)"))
        #expect(datasetError { try read(npyBytes("{'descr': '<f8'}", major: 4, payload: [])) }
            == .unsupportedNPYLayout(path: "x.npy", reason: "format version 4.0; expected 1.0, 2.0 or 3.0"))
        #expect(datasetError { try read(npyBytes("{'descr': '<f8', 'shape': (1,", payload: [])) }
            == .unsupportedNPYLayout(path: "x.npy", reason: "the header is not a Python dict literal"))
        #expect(datasetError { try read(npyBytes("{'descr': '<f8', 'fortran_order': False}", payload: [])) }
            == .unsupportedNPYLayout(path: "x.npy", reason: "the header has no tuple 'shape' entry"))
    }

    /// A shape of thousands of dimensions was echoed whole in the message, and one too large for 64 bits was reported as
    /// a header that is not a dict literal: the shape is cut short and the dimension at fault named.
    @Test func rejectsLongAndOverflowingShapesNamingTheDimension() {
        let header = { (shape: String) in "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }" }
        let overflowing = npyBytes(header("(2, 99999999999999999999999)"), payload: [])
        #expect(datasetError { try read(overflowing) } == .unsupportedNPYLayout(
            path: "x.npy", reason: "shape (2, 99999999999999999999999): dimension 2 (99999999999999999999999) overflows a 64-bit integer"))
        let negative = npyBytes(header("(" + Array(repeating: "-1", count: 3_000).joined(separator: ", ") + ")"), major: 2, payload: [])
        #expect(datasetError { try read(negative) } == .unsupportedNPYLayout(
            path: "x.npy", reason: "shape (" + String(repeating: "-1, ", count: 14) + "-1,…: dimension 1 (-1) is not a size (a whole number ≥ 0)"))
        let long = npyBytes(header("(" + Array(repeating: "1", count: 3_000).joined(separator: ", ") + ")"), major: 2, payload: [])
        let message = datasetError { try read(long) }?.description ?? ""
        #expect(message.hasSuffix("…); expected 1 or 2") && message.count < 150, "\(message)")
    }

    @Test func rejectsTruncatedFiles() {
        let full = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", payload: Array(repeating: 0, count: 32))
        #expect(datasetError { try read(full.prefix(full.count - 5)) }
            == .truncatedNPY(path: "x.npy", expectedBytes: full.count, actualBytes: full.count - 5))
        #expect(datasetError { try read(full.prefix(40)) } == .truncatedNPY(path: "x.npy", expectedBytes: 128, actualBytes: 40))
        #expect(datasetError { try read(full.prefix(7)) } == .truncatedNPY(path: "x.npy", expectedBytes: 10, actualBytes: 7))
    }

    @Test func rejectsNonFiniteEntriesWithOneBasedRowAndColumn() {
        let payload = littleEndianBytes([1.0, 2, 3, 4, .nan, 6].map(\.bitPattern))
        let data = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", payload: payload)
        let error = datasetError { try read(data) }
        #expect(error == .nonFiniteEntry(path: "x.npy", row: 3, column: 1))
        #expect(error?.description == "x.npy row 3, column 1: expected a finite number, found NaN or infinity")
    }

    @Test func rejectsArraysWithoutElements() {
        #expect(datasetError { try read(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", payload: [])) }
            == .empty(path: "x.npy"))
    }

    /// The first 20 rows of each of the MAF preprocessing's MINIBOONE splits, as NumPy wrote them (`<f8`, C order).
    @Test func readsMINIBOONEsPublishedSplits() throws {
        let validation = try NPYReader.read(path: Fixtures.path("miniboone/maf_normalised_val_first20rows.npy"))
        #expect(validation.rowCount == 20 && validation.columnCount == 43)
        #expect(isClose(Array(validation.row(0).prefix(3)), [-1.2124626, -0.82070859, 0.05720953], tolerance: 1e-7))
        let test = try NPYReader.read(path: Fixtures.path("miniboone/maf_normalised_test_first20rows.npy"))
        #expect(test.rowCount == 20 && test.columnCount == 43)
        #expect(isClose(Array(test.row(0).prefix(3)), [-0.9915006, -0.68910355, -0.03049259], tolerance: 1e-7))
        // Standardised by train + validation statistics, so the validation columns are near mean 0, std 1: over 20
        // rows each column's mean lies within 4 standard errors (4 / √20) of 0.
        #expect(validation.columnMeans().allSatisfy { abs($0) < 4 / 20.0.squareRoot() })
    }

    @Test func readsMINIBOONEsRawRows() throws {
        let raw = try NPYReader.read(path: Fixtures.path("miniboone/raw_data_first20rows.npy"))
        #expect(raw.rowCount == 20 && raw.columnCount == 43)
        #expect(isClose(Array(raw.row(0).prefix(3)), [2.59413, 0.468803, 20.6916]))
    }
}
