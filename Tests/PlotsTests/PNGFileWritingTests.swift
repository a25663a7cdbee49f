import Foundation
import Testing
@testable import Plots

struct PNGFileWritingTests {
    /// A fresh directory under the system's temporary directory, removed by `body`'s caller.
    static func withScratchDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("PlotsTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test func writtenFileReadsBackByteForByte() throws {
        try Self.withScratchDirectory { directory in
            let image = PNGFileTests.noiseImage()
            let path = directory.appendingPathComponent("noise.png").path
            try PNGFile.write(image, to: path)
            // Writing again replaces the file in place.
            try PNGFile.write(image, to: path)
            let stored = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let encoded = try PNGFile.encode(image)
            #expect(stored == encoded)
            let remaining = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(remaining == ["noise.png"])
        }
    }

    @Test func missingDirectoryThrowsTheTypedErrorAndLeavesNothing() throws {
        try Self.withScratchDirectory { directory in
            let path = directory.appendingPathComponent("absent/plot.png").path
            #expect {
                try PNGFile.write(PNGFileTests.noiseImage(), to: path)
            } throws: { error in
                guard case let .cannotWriteFile(failedPath, _) = error as? PlotError else { return false }
                return failedPath == path
            }
            let remaining = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(remaining.isEmpty)
        }
    }

    @Test func failedRenameRemovesTheTemporaryFile() throws {
        try Self.withScratchDirectory { directory in
            // A non-empty directory at the destination makes rename(2) fail after the temporary file exists.
            let blocker = directory.appendingPathComponent("plot.png")
            try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
            try Data([1]).write(to: blocker.appendingPathComponent("keep"))
            #expect(throws: PlotError.self) {
                try PNGFile.write(PNGFileTests.noiseImage(), to: blocker.path)
            }
            let remaining = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(remaining == ["plot.png"])
        }
    }
}
