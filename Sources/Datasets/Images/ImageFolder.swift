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
    /// - Throws: `DatasetError.fileNotFound` for a missing or PNG-less folder, the decoder's error for a bad file, and
    ///   `.imageShapeMismatch` naming the first file and the first one whose shape differs from it.
    public static func read(directory: String) throws -> ImageStack {
        let files = try pngFiles(in: directory)
        let first = try PNGDecoder.read(path: files[0])
        var pixels = first.pixels
        pixels.reserveCapacity(files.count * first.pixelsPerImage)
        for file in files.dropFirst() {
            let image = try PNGDecoder.read(path: file)
            guard image.imageShape == first.imageShape else {
                throw DatasetError.imageShapeMismatch(firstPath: files[0], firstShape: first.imageShape, secondPath: file, secondShape: image.imageShape)
            }
            pixels += image.pixels
        }
        return ImageStack(count: files.count, channels: first.channels, height: first.height, width: first.width, pixels: pixels)
    }
}
