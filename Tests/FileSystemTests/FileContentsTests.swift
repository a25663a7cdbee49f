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
}
