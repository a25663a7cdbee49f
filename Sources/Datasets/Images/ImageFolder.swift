import Foundation

/// A folder of PNG images as one `ImageStack`: every `*.png` file directly in it (the extension in any case), in
/// sorted file-name order, decoded by `PNGDecoder`. All must share one shape `[channels, height, width]`.
public enum ImageFolder {
    /// The PNG files directly in `directory`, sorted by name (byte-wise, so the order does not depend on the locale).
    /// - Throws: `DatasetError.fileNotFound` when the folder does not exist or holds no PNG file.
    public static func pngFiles(in directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError.fileNotFound(path: directory, requirement: "a folder of .png images")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw DatasetError.unreadable(path: directory, reason: error.localizedDescription)
        }
        let pngs = names.filter { $0.lowercased().hasSuffix(".png") && !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        guard !pngs.isEmpty else {
            throw DatasetError.fileNotFound(path: directory + "/*.png", requirement: "at least one .png image in \(directory)")
        }
        let folder = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return pngs.map { folder + "/" + $0 }
    }

    /// Every PNG in `directory` stacked in sorted order, `[count, channels, height, width]` of 8-bit pixels.
    /// - Parameter limit: the memory the stack and the decoding of each image may take together, checked before each
    ///   allocation: the stack's size once the first image gives the shape, and each image's decoding within what is left.
    /// - Throws: `DatasetError.fileNotFound` for a missing or PNG-less folder, the decoder's error for a bad file,
    ///   `.imageShapeMismatch` naming the first file and the first one whose shape differs from it, and
    ///   `.exceedsMemoryLimit`.
    public static func read(directory: String, limit: DecodingLimit = .standard) throws -> ImageStack {
        let files = try pngFiles(in: directory)
        let first = try PNGDecoder.read(path: files[0], limit: limit)
        let (stackBytes, overflow) = files.count.multipliedReportingOverflow(by: first.pixelsPerImage)
        try limit.check(overflow ? Int.max : stackBytes, for: "stacking its \(files.count) images of \(first.imageShape)", of: directory)
        var pixels = first.pixels
        pixels.reserveCapacity(stackBytes)
        for file in files.dropFirst() {
            let image = try PNGDecoder.read(path: file, limit: limit.remaining(after: stackBytes))
            guard image.imageShape == first.imageShape else {
                throw DatasetError.imageShapeMismatch(firstPath: files[0], firstShape: first.imageShape, secondPath: file, secondShape: image.imageShape)
            }
            pixels += image.pixels
        }
        return ImageStack(count: files.count, channels: first.channels, height: first.height, width: first.width, pixels: pixels)
    }
}
