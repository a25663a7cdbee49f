import Foundation
import Testing
import CZlib
import Configurations
import Runs
import Tensors
@testable import CLI

/// A folder of PNG images is "your own data" like a `.npy` array: the same pixels give the same run.
struct ImageFolderCLITests {
    /// An 8-bit greyscale PNG (colour type 0, filter 0 on every row), written here with zlib rather than by the
    /// package's own encoder (which writes RGBA), so the decoder reads a file it did not make.
    /// - Parameter cut: bytes left off the end of the zlib stream (its Adler-32 checksum is the last 4).
    static func greyPNG(width: Int, height: Int, pixels: ArraySlice<UInt8>, cut: Int = 0) -> [UInt8] {
        func bigEndian(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            let crc = typed.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            return bigEndian(body.count) + typed + bigEndian(Int(crc))
        }
        var raw: [UInt8] = []
        for row in 0..<height { raw.append(0); raw += pixels[(pixels.startIndex + row * width)..<(pixels.startIndex + (row + 1) * width)] }
        var compressed = [UInt8](repeating: 0, count: Int(compressBound(uLong(raw.count))))
        var length = uLongf(compressed.count)
        let status = compressed.withUnsafeMutableBufferPointer { out in raw.withUnsafeBufferPointer { compress(out.baseAddress, &length, $0.baseAddress, uLong(raw.count)) } }
        precondition(status == Z_OK, "zlib compress failed with \(status)")
        let header = bigEndian(width) + bigEndian(height) + [8, 0, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", Array(compressed.prefix(Int(length) - cut)))
            + chunk("IEND", [])
    }

    @Test func aPNGFolderTrainsExactlyAsTheSameImagesInANPYFile() throws {
        let npy = try ImageCLITests.imageFile("png-folder-npy", count: 60, seed: 4)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: npy)))
        let pixels = bytes.suffix(60 * 16)
        let folder = (CLIHarness.scratchFolder("png-folder") as NSString).appendingPathComponent("images")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<60 {   // zero-padded names, so that sorted order is file order
            let image = pixels[(pixels.startIndex + 16 * index)..<(pixels.startIndex + 16 * (index + 1))]
            try Data(Self.greyPNG(width: 4, height: 4, pixels: image)).write(to: URL(fileURLWithPath: folder + String(format: "/image-%03d.png", index)))
        }
        let fromFolder = UserDataFiles.runFolder("png-folder-run"), fromNPY = UserDataFiles.runFolder("png-npy-run")
        let settings = ["--model", "realnvp", "--epochs", "2", "--json"] + ImageCLITests.tinyImageModel
        try CLIHarness.run(["train", "--data", folder, "--output", fromFolder] + settings)
        try CLIHarness.run(["train", "--data", npy, "--output", fromNPY] + settings)
        #expect(try RunFolder(path: fromFolder).readConfiguration().image?.specification.imageShape.featureCount == 16)
        let timeless = { (path: String) in try RunFolder(path: path).readMetrics().map { [$0.trainObjective, $0.validation] } }
        #expect(try timeless(fromFolder) == timeless(fromNPY))
        let evaluation = try UserDataFiles.json(CLIHarness.run(["evaluate", fromFolder, "--json"]))
        #expect(evaluation["points"] as? Int == 6)   // 60 images: test 6, validation 5, train 49, in name order
    }

    @Test func aFolderWithoutPNGsOrWithMixedSizesIsRefusedByName() throws {
        let empty = CLIHarness.scratchFolder("png-empty")
        let none = try #require(CLIHarness.failure(["describe", "--data", empty, "--model", "realnvp"]))
        #expect(none.exitCode != 0 && none.message.contains(".png"))
        let mixed = CLIHarness.scratchFolder("png-mixed")
        try Data(Self.greyPNG(width: 4, height: 4, pixels: ArraySlice(repeating: 9, count: 16))).write(to: URL(fileURLWithPath: mixed + "/a.png"))
        try Data(Self.greyPNG(width: 2, height: 2, pixels: ArraySlice(repeating: 9, count: 4))).write(to: URL(fileURLWithPath: mixed + "/b.png"))
        let shapes = try #require(CLIHarness.failure(["describe", "--data", mixed, "--model", "realnvp"]))
        #expect(shapes.exitCode != 0 && shapes.message.contains("b.png"), "\(shapes.message)")
    }
}
