import CCairo
import Foundation

/// A Cairo image surface with its drawing context: everything the figures draw (lines, discs, text, rasters)
/// goes through it, anti-aliased, in **points**, with `scale` pixels per point.
///
/// A canvas lives inside one `render()` call and is never shared between threads (it is not `Sendable`);
/// ``image()`` copies its pixels into an ``RGBAImage``.
final class Canvas {
    /// Size in points.
    let width: Double
    let height: Double
    /// Pixels per point.
    let scale: Double
    private let surface: OpaquePointer
    private let context: OpaquePointer

    /// A canvas of `width × height` points filled with `background`.
    ///
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` for a size or scale that gives no pixel,
    ///   and ``PlotError/drawingFailed(operation:reason:)`` when Cairo cannot allocate the surface.
    init(width: Double, height: Double, scale: Double, background: RGBAColor) throws(PlotError) {
        guard scale.isFinite, scale > 0, width.isFinite, height.isFinite, width * scale >= 1, height * scale >= 1,
              width * scale <= 32_767, height * scale <= 32_767 else {
            throw .invalidParameter(name: "figure size × scale", value: "\(width) × \(height) points × \(scale)",
                                    expected: "between 1 and 32,767 pixels per side (Cairo's limit)")
        }
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((width * scale).rounded(.up)),
                                             Int32((height * scale).rounded(.up)))
        context = cairo_create(surface)
        self.width = width
        self.height = height
        self.scale = scale
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .drawingFailed(operation: "creating a \(width) × \(height)-point surface", reason: Self.message(status))
        }
        cairo_scale(context, scale, scale)
        let options = cairo_font_options_create()
        // Unhinted metrics keep text widths proportional to the font size, so layouts do not jump with the scale.
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_SLIGHT)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
        fill(PlotRect(x: 0, y: 0, width: width, height: height), with: background)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Width and height of the surface in pixels.
    var pixelWidth: Int { Int(cairo_image_surface_get_width(surface)) }
    var pixelHeight: Int { Int(cairo_image_surface_get_height(surface)) }

    // MARK: - Shapes

    /// Fills `rect` with `color`.
    func fill(_ rect: PlotRect, with color: RGBAColor) {
        setSource(color)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(context)
    }

    /// Strokes the outline of `rect` with a line of `lineWidth` points centred on its edges.
    func stroke(_ rect: PlotRect, color: RGBAColor, lineWidth: Double) {
        setSource(color)
        cairo_set_line_width(context, lineWidth)
        cairo_set_dash(context, nil, 0, 0)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(context)
    }

    /// Strokes the polyline through `points` (at least two) with round joins; `dash` gives on/off lengths in points.
    func strokeLine(through points: [SIMD2<Double>], color: RGBAColor, lineWidth: Double, dash: [Double] = []) {
        guard points.count >= 2 else { return }
        setSource(color)
        cairo_set_line_width(context, lineWidth)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, dash.isEmpty ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        dash.withUnsafeBufferPointer { cairo_set_dash(context, $0.baseAddress, Int32($0.count), 0) }
        cairo_move_to(context, points[0].x, points[0].y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        cairo_stroke(context)
        cairo_set_dash(context, nil, 0, 0)
    }

    /// Fills a disc of `radius` points at each centre. Each disc is filled on its own, so overlapping
    /// translucent discs add up their opacity, as in matplotlib's scatter.
    func fillDiscs(at centers: [SIMD2<Double>], radius: Double, color: RGBAColor) {
        setSource(color)
        for center in centers {
            cairo_new_sub_path(context)
            cairo_arc(context, center.x, center.y, radius, 0, 2 * Double.pi)
            cairo_fill(context)
        }
    }

    /// Runs `body` with drawing clipped to `rect`.
    func clipped<Failure: Error>(to rect: PlotRect, _ body: () throws(Failure) -> Void) throws(Failure) {
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        try body()
    }

    // MARK: - Rasters

    /// Draws `image` stretched over `rect`, its pixel (0, 0) at the top left; `smooth` interpolates bilinearly
    /// between pixels (for heat maps shown larger than their grid), otherwise each pixel becomes a block.
    func draw(_ image: RGBAImage, in rect: PlotRect, smooth: Bool) throws(PlotError) {
        guard image.width > 0, image.height > 0 else { return }
        let source = try Self.surface(of: image)
        defer { cairo_surface_destroy(source) }
        cairo_save(context)
        defer { cairo_restore(context) }
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, rect.width / Double(image.width), rect.height / Double(image.height))
        cairo_set_source_surface(context, source, 0, 0)
        let pattern = cairo_get_source(context)
        cairo_pattern_set_filter(pattern, smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST)
        // Edge pixels extend outwards instead of fading into transparency under the bilinear filter.
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
        cairo_paint(context)
    }

    // MARK: - Text

    /// The advance width of `text` in points.
    func textWidth(_ text: String, font: FontStyle) -> Double {
        select(font)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// The height of the font's capitals in points (also that of its digits).
    func capHeight(of font: FontStyle) -> Double {
        select(font)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, "H", &extents)
        return extents.height
    }

    /// The font's descent below the baseline in points.
    func descent(of font: FontStyle) -> Double {
        select(font)
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        return extents.descent
    }

    /// Draws one line of `text` anchored at (`x`, `y`) by `alignment` and `baseline`, rotated by `angle`
    /// radians counter-clockwise about the anchor (−π/2 would read downwards; π/2 reads upwards).
    func drawText(_ text: String, x: Double, y: Double, font: FontStyle, color: RGBAColor,
                  alignment: TextAlignment = .left, baseline: TextBaseline = .baseline, angle: Double = 0) {
        guard !text.isEmpty else { return }
        let width = textWidth(text, font: font)
        let dx: Double
        switch alignment {
        case .left: dx = 0
        case .center: dx = -width / 2
        case .right: dx = -width
        }
        let dy: Double
        switch baseline {
        case .top: dy = capHeight(of: font)
        case .middle: dy = capHeight(of: font) / 2
        case .baseline: dy = 0
        case .bottom: dy = -descent(of: font)
        }
        select(font)
        setSource(color)
        cairo_save(context)
        cairo_translate(context, x, y)
        cairo_rotate(context, -angle)
        cairo_move_to(context, dx, dy)
        cairo_show_text(context, text)
        cairo_restore(context)
    }

    // MARK: - Output

    /// The canvas's pixels as straight-alpha RGBA.
    ///
    /// - Throws: ``PlotError/drawingFailed(operation:reason:)`` when any drawing operation failed (Cairo keeps
    ///   the first error in the context).
    func image() throws(PlotError) -> RGBAImage {
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else { throw .drawingFailed(operation: "drawing", reason: Self.message(status)) }
        cairo_surface_flush(surface)
        return Self.image(of: surface)
    }

    // MARK: - Conversion between RGBAImage and Cairo's premultiplied ARGB32

    /// A new ARGB32 surface holding `image`; the caller destroys it.
    static func surface(of image: RGBAImage) throws(PlotError) -> OpaquePointer {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(image.width), Int32(image.height))!
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
            cairo_surface_destroy(surface)
            throw .drawingFailed(operation: "creating a \(image.width)×\(image.height) image surface", reason: message(status))
        }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * image.height) { words in
            image.pixels.withUnsafeBufferPointer { bytes in
                for row in 0..<image.height {
                    for column in 0..<image.width {
                        let offset = 4 * (row * image.width + column)
                        let alpha = UInt32(bytes[offset + 3])
                        func premultiplied(_ channel: UInt8) -> UInt32 { (UInt32(channel) * alpha + 127) / 255 }
                        words[row * stride / 4 + column] = alpha << 24 | premultiplied(bytes[offset]) << 16
                            | premultiplied(bytes[offset + 1]) << 8 | premultiplied(bytes[offset + 2])
                    }
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }

    /// The pixels of an ARGB32 `surface` (flushed) as straight-alpha RGBA.
    static func image(of surface: OpaquePointer) -> RGBAImage {
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var pixels = [UInt8](repeating: 0, count: 4 * width * height)
        guard let data = cairo_image_surface_get_data(surface) else { return RGBAImage(width: 0, height: 0) }
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * height) { words in
            for row in 0..<height {
                for column in 0..<width {
                    let word = words[row * stride / 4 + column]
                    let alpha = word >> 24
                    func straight(_ shift: UInt32) -> UInt8 {
                        let channel = (word >> shift) & 0xFF
                        return alpha == 0 ? 0 : UInt8(min(255, (channel * 255 + alpha / 2) / alpha))
                    }
                    let offset = 4 * (row * width + column)
                    pixels[offset] = straight(16)
                    pixels[offset + 1] = straight(8)
                    pixels[offset + 2] = straight(0)
                    pixels[offset + 3] = UInt8(alpha)
                }
            }
        }
        // The byte count matches by construction.
        return RGBAImage(width: width, height: height, validatedPixels: pixels)
    }

    static func message(_ status: cairo_status_t) -> String {
        String(cString: cairo_status_to_string(status))
    }

    // MARK: - Private

    private func setSource(_ color: RGBAColor) {
        cairo_set_source_rgba(context, Double(color.red) / 255, Double(color.green) / 255, Double(color.blue) / 255,
                              Double(color.alpha) / 255)
    }

    private func select(_ font: FontStyle) {
        cairo_select_font_face(context, FontStyle.family, CAIRO_FONT_SLANT_NORMAL,
                               font.isBold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, font.size)
    }
}

extension Canvas {
    /// A one-point canvas for measuring text before a layout knows its size.
    static func measuring() throws(PlotError) -> Canvas {
        try Canvas(width: 1, height: 1, scale: 1, background: .clear)
    }
}
