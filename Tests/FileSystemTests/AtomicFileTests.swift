import Foundation
import Testing
import FileSystem

/// `AtomicFile.write` replaces whole files: readers see the old or the new contents, never a mixture, and
/// failures leave neither a damaged destination nor a stray temporary file.
struct AtomicFileTests {
    /// A fresh empty directory, removed by `cleanUp`.
    static func makeDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("AtomicFileTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        return directory
    }

    static func contents(of path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { Array($0) } }

    static func listing(_ directory: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory).sorted() }

    @Test func createsAndReplacesFiles() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/state.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        #expect(Self.contents(of: path) == [1, 2, 3])
        try AtomicFile.write([], to: path)
        #expect(Self.contents(of: path) == [])
        let large = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(large, to: path)
        #expect(Self.contents(of: path) == large)
        #expect(try Self.listing(directory) == ["state.bin"])
    }

    @Test func keepsThePermissionsOfTheFileItReplaces() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/private.bin"
        try AtomicFile.write([1], to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try AtomicFile.write([2], to: path)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    /// Just before the rename, the destination still holds the old bytes and the complete new bytes sit in
    /// a hidden temporary file in the same directory: a reader opening the destination at any moment sees
    /// one or the other.
    @Test func newBytesGoToATemporaryFileThatIsRenamedIntoPlace() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/checkpoint.safetensors"
        try AtomicFile.write(Array("old".utf8), to: path)
        var seenTemporaryPath: String?
        try AtomicFile.write(Array("new contents".utf8), to: path) { temporaryPath throws(FileSystemError) in
            seenTemporaryPath = temporaryPath
            #expect(Self.contents(of: path) == Array("old".utf8))
            #expect(Self.contents(of: temporaryPath) == Array("new contents".utf8))
            #expect((temporaryPath as NSString).deletingLastPathComponent == directory)
            #expect((temporaryPath as NSString).lastPathComponent.hasPrefix(".checkpoint.safetensors."))
        }
        #expect(seenTemporaryPath != nil)
        #expect(Self.contents(of: path) == Array("new contents".utf8))
        #expect(try Self.listing(directory) == ["checkpoint.safetensors"])
    }

    @Test func aFailureBeforeTheRenameLeavesTheOldFileAndNoTemporaryFile() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/checkpoint.safetensors"
        try AtomicFile.write(Array("old".utf8), to: path)
        let injected = FileSystemError.unwritable(path: path, reason: "injected failure")
        #expect(throws: injected) {
            try AtomicFile.write(Array("new".utf8), to: path) { _ throws(FileSystemError) in throw injected }
        }
        #expect(Self.contents(of: path) == Array("old".utf8))
        #expect(try Self.listing(directory) == ["checkpoint.safetensors"])
    }

    @Test func aMissingDirectoryThrowsNamingThePath() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/no-such-directory/checkpoint.safetensors"
        do throws(FileSystemError) {
            try AtomicFile.write([1, 2, 3], to: path)
            Issue.record("expected an error")
        } catch {
            guard case .unwritable(let errorPath, let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(errorPath == path && reason.contains("No such file or directory"))
            #expect(error.path == path && error.reason == reason)
        }
        #expect(try Self.listing(directory) == [])
    }

    /// rename(2) cannot put a file over a directory: the failure comes after the temporary file is
    /// complete, which must still be removed.
    @Test func aFailedRenameRemovesTheTemporaryFile() throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/occupied"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: FileSystemError.self) { try AtomicFile.write([1], to: path) }
        #expect(try Self.listing(directory) == ["occupied"])
        #expect(try Self.listing(path) == [])
    }

    @Test func aDirectoryPathIsRejected() throws {
        #expect(throws: FileSystemError.unwritable(path: "runs/", reason: "expected the path of a file, found a directory path")) {
            try AtomicFile.write([1], to: "runs/")
        }
    }
}
