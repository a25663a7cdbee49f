import Foundation
import Testing
import FileSystem

/// `FileContents` tells a missing file from an unreadable one and, for JSON, from a damaged one, and reads what is
/// there byte for byte.
struct FileContentsTests {
    @Test func readsEveryByteOfAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("FileContentsTests-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        try AtomicFile.write(bytes, to: path)
        #expect(try FileContents.bytes(path) == bytes)
        #expect(try FileContents.read(path) == Data(bytes))
    }

    @Test func aMissingFileIsNotFound() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("FileContentsTests-missing-\(UUID().uuidString)").path
        #expect(throws: FileSystemError.notFound(path: path)) { try FileContents.bytes(path) }
    }

    @Test func aDirectoryIsUnreadableAndSaysWhy() {
        let path = FileManager.default.temporaryDirectory.path
        #expect(throws: FileSystemError.unreadable(path: path, reason: "it is a directory, expected a file")) { try FileContents.read(path) }
    }

    struct Record: Codable, Equatable { var epochs: Int }

    @Test func anOptionalFileIsNilOnlyWhenMissing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("FileContentsTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/record.json"
        #expect(try FileContents.readIfPresent(path) == nil)
        #expect(try FileContents.decodeJSONIfPresent(Record.self, from: path) == nil)
        try AtomicFile.write(Array("{\"epochs\": 3}".utf8), to: path)
        #expect(try FileContents.decodeJSONIfPresent(Record.self, from: path) == Record(epochs: 3))
        try AtomicFile.write(Array("{\"epochs\": \"many\"}".utf8), to: path)
        #expect(throws: FileSystemError.damaged(path: path, reason: "key \"epochs\": expected a value of type Int")) {
            try FileContents.decodeJSONIfPresent(Record.self, from: path)
        }
        try AtomicFile.write(Array("{\"epo".utf8), to: path)
        #expect { try FileContents.decodeJSONIfPresent(Record.self, from: path) } throws: { error in
            guard case FileSystemError.damaged(let damaged, _) = error else { return false }
            return damaged == path
        }
        #expect(throws: FileSystemError.unreadable(path: folder, reason: "it is a directory, expected a file")) {
            try FileContents.decodeJSONIfPresent(Record.self, from: folder)
        }
    }

    struct Nested: Codable, Equatable {
        struct Training: Codable, Equatable { var seed: UInt64, epochs: Int, rate: Double, widths: [Int] }
        var name: String
        var training: Training
    }

    /// On Linux, JSONDecoder fails a number outside its field's type (`-1` for a UInt64, `2.5` for an Int, `1e30` for
    /// either) with "The given data was not valid JSON." and no key, although the text is valid JSON: a user who edited
    /// configuration.json learnt neither where nor what. The key, the number and what was expected are named.
    @Test(arguments: [("\"seed\": -1, \"epochs\": 3", "key \"training.seed\": expected a whole number ≥ 0, found -1"),
                      ("\"seed\": 1e30, \"epochs\": 3", "key \"training.seed\": expected a whole number ≥ 0, found 1e30"),
                      ("\"seed\": 1, \"epochs\": 2.5", "key \"training.epochs\": expected a whole number within ±9.2e18, found 2.5"),
                      ("\"seed\": 1, \"epochs\": 99999999999999999999", "key \"training.epochs\": expected a whole number within ±9.2e18, found 99999999999999999999")])
    func aNumberThatDoesNotFitItsFieldIsNamed(fields: String, reason: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("FileContentsTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/nested.json"
        // Numbers that fit before and after the one that does not, in an array too, so the search has to find it.
        let text = "{\"name\": \"a \\\"quoted\\\" name\", \"training\": {\"rate\": 0.5, \"widths\": [1, 2, 3], \(fields)}}"
        try AtomicFile.write(Array(text.utf8), to: path)
        #expect(throws: FileSystemError.damaged(path: path, reason: reason)) { try FileContents.decodeJSONIfPresent(Nested.self, from: path) }
        try AtomicFile.write(Array(text.replacingOccurrences(of: fields, with: "\"seed\": 7, \"epochs\": 3").utf8), to: path)
        #expect(try FileContents.decodeJSONIfPresent(Nested.self, from: path)?.training == .init(seed: 7, epochs: 3, rate: 0.5, widths: [1, 2, 3]))
    }
}
