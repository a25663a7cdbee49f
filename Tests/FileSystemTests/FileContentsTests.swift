import Foundation
import Testing
import FileSystem

/// `FileContents` tells a missing file from an unreadable one, and reads what is there byte for byte.
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
}
