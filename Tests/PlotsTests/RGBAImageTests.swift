import Testing
@testable import Plots

struct RGBAImageTests {
    static let red = RGBAColor(red: 255, green: 0, blue: 0)

    /// The pixels that differ between two images of the same size, as (x, y).
    static func changedPixels(_ a: RGBAImage, _ b: RGBAImage) -> [(x: Int, y: Int)] {
        var changed: [(x: Int, y: Int)] = []
        for y in 0..<a.height {
            for x in 0..<a.width where a[x, y] != b[x, y] {
                changed.append((x, y))
            }
        }
        return changed
    }

    @Test func startsFilledAndStoresPixelsRowMajor() {
        var image = RGBAImage(width: 3, height: 2, background: .black)
        #expect(image.pixels.count == 24)
        #expect(image[2, 1] == .black)
        image[2, 1] = Self.red
        #expect(Array(image.pixels[20..<24]) == [255, 0, 0, 255])
        image.fill(.white)
        #expect(image.pixels.allSatisfy { $0 == 255 })
    }

    @Test func wrappingBytesChecksTheirCount() {
        #expect(throws: PlotError.self) { try RGBAImage(width: 2, height: 2, pixels: [0, 0, 0]) }
        #expect((try? RGBAImage(width: 1, height: 1, pixels: [1, 2, 3, 4]))?[0, 0]
                == RGBAColor(red: 1, green: 2, blue: 3, alpha: 4))
    }

    @Test func blendingFollowsSourceOver() {
        var image = RGBAImage(width: 2, height: 1, background: .black)
        image.blendPixel(x: 0, y: 0, color: .white.withOpacity(0.5))
        #expect(image[0, 0] == RGBAColor(red: 128, green: 128, blue: 128))
        image.blendPixel(x: 1, y: 0, color: Self.red, coverage: 0.25)
        #expect(image[1, 0] == RGBAColor(red: 64, green: 0, blue: 0))
        // Over a transparent pixel the colour is kept and only the alpha accumulates.
        var clear = RGBAImage(width: 1, height: 1, background: .clear)
        clear.blendPixel(x: 0, y: 0, color: Self.red.withOpacity(0.5))
        #expect(clear[0, 0] == RGBAColor(red: 255, green: 0, blue: 0, alpha: 128))
        // Outside the image and NaN coverage are ignored.
        clear.blendPixel(x: 5, y: -1, color: .black)
        clear.blendPixel(x: 0, y: 0, color: .black, coverage: .nan)
        #expect(clear[0, 0] == RGBAColor(red: 255, green: 0, blue: 0, alpha: 128))
    }

    @Test func rectanglesAreClippedToTheImage() {
        let blank = RGBAImage(width: 10, height: 8)
        var image = blank
        image.fillRectangle(x: 7, y: -3, width: 10, height: 5, color: Self.red)
        let changed = Self.changedPixels(blank, image)
        #expect(changed.count == 3 * 2)
        #expect(changed.allSatisfy { $0.x >= 7 && $0.y < 2 })
    }

    @Test func compositingAnotherImageRespectsItsPositionAndAlpha() {
        var canvas = RGBAImage(width: 6, height: 6, background: .black)
        var stamp = RGBAImage(width: 3, height: 3, background: .white)
        stamp[1, 1] = .clear
        canvas.draw(stamp, x: 4, y: 4)  // only its top-left 2 × 2 lands on the canvas
        #expect(canvas[4, 4] == .white && canvas[5, 4] == .white && canvas[4, 5] == .white)
        #expect(canvas[5, 5] == .black)  // the transparent pixel leaves the canvas as it was
        #expect(canvas[3, 3] == .black)
    }

    @Test func linesCoverTheirPathAndNothingFarAway() {
        let blank = RGBAImage(width: 40, height: 20)
        var image = blank
        image.drawLine(from: SIMD2(5, 10.5), to: SIMD2(35, 10.5), color: .black, width: 1)
        for x in 6..<35 {
            #expect(image[x, 10] == .black)
        }
        let changed = Self.changedPixels(blank, image)
        #expect(changed.allSatisfy { abs($0.y - 10) <= 1 && $0.x >= 3 && $0.x <= 36 })
        // A diagonal passes through the pixel centres on its way.
        image.drawLine(from: SIMD2(0.5, 0.5), to: SIMD2(19.5, 19.5), color: Self.red, width: 2)
        #expect(image[7, 7] == Self.red && image[19, 19] == Self.red)
        #expect(image[19, 0] == .white)
    }

    @Test func degenerateAndNonFiniteShapesDrawSafely() {
        let blank = RGBAImage(width: 8, height: 8)
        var image = blank
        image.drawLine(from: SIMD2(.nan, 1), to: SIMD2(3, 3), color: .black)
        image.drawLine(from: SIMD2(-1e300, 4), to: SIMD2(1e300, 4), color: .black, width: 0)
        image.fillCircle(center: SIMD2(.infinity, 2), radius: 3, color: .black)
        #expect(image == blank)
        image.drawLine(from: SIMD2(-1e12, 4.5), to: SIMD2(1e12, 4.5), color: .black)
        #expect((0..<8).allSatisfy { image[$0, 4] == .black })
        // Extreme coordinates lose precision but must neither trap nor draw outside the image.
        image.drawLine(from: SIMD2(-1.7e308, 1e308), to: SIMD2(1.7e308, -1e308), color: .black, width: 3)
        image.drawLine(from: SIMD2(-1e300, 6.5), to: SIMD2(1e300, 6.5), color: .black)
        image.drawLine(from: SIMD2(2.5, 2.5), to: SIMD2(2.5, 2.5), color: Self.red, width: 1)
        #expect(image[2, 2] == Self.red)
    }

    @Test func circlesAreFilledDiscs() {
        let blank = RGBAImage(width: 21, height: 21)
        var image = blank
        image.fillCircle(center: SIMD2(10.5, 10.5), radius: 4, color: Self.red)
        #expect(image[10, 10] == Self.red && image[13, 10] == Self.red && image[10, 7] == Self.red)
        let changed = Self.changedPixels(blank, image)
        #expect(changed.allSatisfy { abs($0.x - 10) <= 5 && abs($0.y - 10) <= 5 })
        #expect(image[14, 14] == .white)  // the corner of the bounding square stays outside the disc
    }
}
