import Testing
@testable import Plots

/// The Cairo canvas: shapes land where they are asked, text is drawn in a real font, rasters keep their pixels.
struct CanvasTests {
    @Test func linesCoverTheirPathAndNothingFarAway() throws {
        let canvas = try Canvas(width: 40, height: 20, scale: 2, background: .white)
        canvas.strokeLine(through: [SIMD2(5, 10), SIMD2(35, 10)], color: .black, lineWidth: 1)
        let image = try canvas.image()
        #expect(image.width == 80 && image.height == 40)
        // At scale 2 a 1-point line is two pixel rows, rows 19 and 20, fully covered.
        for x in 12..<68 { #expect(image[x, 19] == .black && image[x, 20] == .black) }
        #expect(RGBAImageTests.darkPixels(in: image, x: 0..<80, y: 0..<17, threshold: 0.99) == 0)
        #expect(RGBAImageTests.darkPixels(in: image, x: 0..<80, y: 23..<40, threshold: 0.99) == 0)
    }

    @Test func discsAreFilledAndTranslucentOnesBlend() throws {
        let canvas = try Canvas(width: 20, height: 20, scale: 1, background: .black)
        canvas.fillDiscs(at: [SIMD2(10, 10)], radius: 4, color: .white)
        canvas.fillDiscs(at: [SIMD2(3, 3)], radius: 2, color: RGBAColor.white.withOpacity(0.5))
        let image = try canvas.image()
        #expect(image[10, 10] == .white && image[12, 9] == .white)
        #expect(image[15, 15] == .black)  // outside the disc's radius
        let half = image[2, 2]
        #expect(abs(Int(half.red) - 128) <= 2 && half.red == half.green)
    }

    @Test func textIsDrawnDarkInsideItsMeasuredBox() throws {
        let canvas = try Canvas(width: 120, height: 30, scale: 2, background: .white)
        let font = FontStyle(size: 12)
        let width = canvas.textWidth("density 10⁻³", font: font)
        #expect(width > 40 && width < 110)  // about 0.55 em a character in DejaVu Sans
        #expect(abs(canvas.capHeight(of: font) - 0.73 * 12) < 1)  // DejaVu's capitals are 0.729 em
        canvas.drawText("density 10⁻³", x: 10, y: 20, font: font, color: .black)
        let image = try canvas.image()
        let inside = RGBAImageTests.darkPixels(in: image, x: 20..<Int(2 * (10 + width)), y: 20..<40)
        #expect(inside > 100)
        #expect(RGBAImageTests.darkPixels(in: image, x: Int(2 * (10 + width)) + 4..<240, y: 0..<60) == 0)
        // Anti-aliased: edges have grey levels, not only black and white.
        let greys = image.pixels.enumerated().filter { $0.offset % 4 == 0 && $0.element > 40 && $0.element < 215 }
        #expect(greys.count > 20)
    }

    @Test func rastersKeepTheirPixelsAtOneToOne() throws {
        let source = PNGFileTests.noiseImage(width: 6, height: 4)
        let canvas = try Canvas(width: 10, height: 10, scale: 1, background: .white)
        try canvas.draw(source, in: PlotRect(x: 2, y: 3, width: 6, height: 4), smooth: false)
        let image = try canvas.image()
        for y in 0..<4 { for x in 0..<6 { #expect(image[x + 2, y + 3] == source[x, y]) } }
        #expect(image[1, 3] == .white && image[8, 6] == .white)
    }

    @Test func sizesCairoCannotHoldAreRejected() {
        #expect(throws: PlotError.self) { try Canvas(width: 0, height: 10, scale: 1, background: .white) }
        #expect(throws: PlotError.self) { try Canvas(width: 100_000, height: 10, scale: 1, background: .white) }
        #expect(throws: PlotError.self) { try Canvas(width: 10, height: 10, scale: .nan, background: .white) }
    }
}
