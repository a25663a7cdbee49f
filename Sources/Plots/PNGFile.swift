import FileSystem
import CCairo

/// PNG files of ``RGBAImage``s, encoded by Cairo (`cairo_surface_write_to_png_stream`, libpng underneath)
/// and written atomically: a complete old or new file, never half of one.
///
/// ```swift
/// try PNGFile.write(try plot.render(), to: "figures/density.png")
/// ```
public enum PNGFile {
    /// The PNG bytes of `image` (8-bit RGBA, or RGB when every pixel is opaque: Cairo's choice).
    ///
    /// - Throws: ``PlotError/emptyImage(width:height:)`` for an image without pixels and
    ///   ``PlotError/drawingFailed(operation:reason:)`` when Cairo fails.
    public static func encode(_ image: RGBAImage) throws(PlotError) -> [UInt8] {
        guard image.width > 0, image.height > 0 else { throw .emptyImage(width: image.width, height: image.height) }
        let surface = try Canvas.surface(of: image)
        defer { cairo_surface_destroy(surface) }
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes
                .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .drawingFailed(operation: "encoding a PNG", reason: Canvas.message(status))
        }
        return sink.bytes
    }

    /// Encodes `image` and writes it to `path` atomically (`AtomicFile`: a synced temporary file in the same
    /// directory, renamed into place), so a reader sees the old figure or the new one, never half of one.
    ///
    /// - Throws: The errors of ``encode(_:)`` and ``PlotError/cannotWriteFile(path:reason:)``.
    public static func write(_ image: RGBAImage, to path: String) throws(PlotError) {
        let bytes = try encode(image)
        do throws(FileSystemError) { try AtomicFile.write(bytes, to: path) } catch { throw .cannotWriteFile(path: path, reason: error.reason) }
    }

    /// Collects the encoder's output; lives only during one `encode` call on one thread.
    private final class ByteSink {
        var bytes: [UInt8] = []
    }
}
