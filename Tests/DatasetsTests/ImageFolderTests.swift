import Foundation
import Testing
@testable import Datasets

/// A folder of PNG files read as one image stack, in sorted order, refusing mixed shapes.
struct ImageFolderTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: PNGDecoderTests.fixtures + "/" + name))
    }

    @Test func pngFilesAreStackedInSortedOrder() throws {
        let folder = try TemporaryDirectory()
        // Written out of order, with a non-PNG file and an upper-case extension beside them.
        try folder.write(try Self.fixture("rgb-split.png"), to: "b.PNG")
        try folder.write(try Self.fixture("rgb.png"), to: "a.png")
        try folder.write(try Self.fixture("sphinx-file.png"), to: "notes.txt")
        let rgb = try PNGDecoder.read(path: PNGDecoderTests.fixtures + "/rgb.png")
        #expect(try ImageFolder.pngFiles(in: folder.path) == [folder.path + "/a.png", folder.path + "/b.PNG"])
        let stack = try ImageFolder.read(directory: folder.path)
        #expect(stack.count == 2 && stack.imageShape == [3, 5, 5])
        #expect(Array(stack.image(0)) == rgb.pixels && Array(stack.image(1)) == rgb.pixels)
    }

    @Test func mixedShapesNameTheFirstFileThatDiffers() throws {
        let folder = try TemporaryDirectory()
        try folder.write(try Self.fixture("rgb.png"), to: "1.png")
        try folder.write(try Self.fixture("rgb.png"), to: "2.png")
        try folder.write(try Self.fixture("gray.png"), to: "3.png")
        try folder.write(try Self.fixture("rgba.png"), to: "4.png")
        #expect {
            try ImageFolder.read(directory: folder.path)
        } throws: { error in
            let message = "\(error)"
            return message.contains(folder.path + "/1.png") && message.contains(folder.path + "/3.png") && !message.contains("4.png")
                && message.contains("[3, 5, 5]") && message.contains("[1, 5, 7]")
        }
    }

    @Test func aBrokenFileIsNamedAndAnEmptyOrMissingFolderRefused() throws {
        let folder = try TemporaryDirectory()
        #expect { try ImageFolder.read(directory: folder.path) } throws: { "\($0)".contains("at least one .png") }
        #expect { try ImageFolder.read(directory: folder.path + "/missing") } throws: { "\($0)".contains("missing") }
        try folder.write(try Self.fixture("rgb.png"), to: "a.png")
        try folder.write(try Self.fixture("broken-crc.png"), to: "b.png")
        #expect { try ImageFolder.read(directory: folder.path) } throws: { "\($0)".contains(folder.path + "/b.png") && "\($0)".contains("CRC") }
    }
}
