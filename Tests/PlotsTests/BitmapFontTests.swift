import Testing
@testable import Plots

struct BitmapFontTests {
    static func glyphRows(_ character: Unicode.Scalar) -> [UInt8] {
        (0..<BitmapFont.glyphHeight).map { BitmapFont.rowPattern(of: character, row: $0) }
    }

    @Test func coversTheCharactersPlotsNeed() {
        let required = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-+.,:=()[]%/_"
        for character in required.unicodeScalars {
            #expect(Self.glyphRows(character).contains { $0 != 0 }, "glyph for \(character)")
        }
        #expect(Self.glyphRows(" ").allSatisfy { $0 == 0 })
    }

    @Test func everyPrintableGlyphIsDistinct() {
        let glyphs = (0x20...0x7E).compactMap(Unicode.Scalar.init).map(Self.glyphRows)
        #expect(Set(glyphs).count == 95)
        #expect(BitmapFont.glyphs.count == 95)
        #expect(BitmapFont.glyphs.allSatisfy { bits in (0..<8).allSatisfy { (bits >> (8 * $0)) & 0xE0 == 0 } })
    }

    @Test func sizeGrowsWithLengthAndScale() {
        #expect(BitmapFont.size(of: "", scale: 1) == (0, 8))
        #expect(BitmapFont.size(of: "-1.47", scale: 1) == (29, 8))
        #expect(BitmapFont.size(of: "LL", scale: 3) == (33, 24))
    }

    @Test(arguments: [TextAlignment.left, .center, .right], [1, 2, 3])
    func textChangesPixelsOnlyInsideItsBox(alignment: TextAlignment, scale: Int) {
        let blank = RGBAImage(width: 400, height: 40)
        var image = blank
        let text = "LGF-MAF test LL -1.47"
        let (width, height) = BitmapFont.size(of: text, scale: scale)
        let top = 10
        let anchorX = switch alignment {
        case .left: 5
        case .center: 200
        case .right: 395
        }
        image.drawText(text, x: anchorX, y: top, color: .black, scale: scale, alignment: alignment)
        let left = switch alignment {
        case .left: anchorX
        case .center: anchorX - width / 2
        case .right: anchorX - width
        }
        let changed = RGBAImageTests.changedPixels(blank, image)
        #expect(changed.count > 30 * scale * scale)
        let inside = changed.allSatisfy { $0.x >= left && $0.x < left + width && $0.y >= top && $0.y < top + height }
        #expect(inside)
        // The box is tight: "L" inks its first column and "7" its last.
        #expect(changed.contains { $0.x == left } && changed.contains { $0.x == left + width - 1 })
    }

    @Test func descendersUseTheBottomRowAndUnknownCharactersShowABox() {
        let blank = RGBAImage(width: 20, height: 10)
        var image = blank
        image.drawText("g", x: 0, y: 0, color: .black)
        #expect((0..<5).contains { image[$0, 7] == .black })
        var boxed = blank
        boxed.drawText("é", x: 0, y: 0, color: .black)
        #expect(boxed[0, 0] == .black && boxed[4, 6] == .black && boxed[2, 3] == .white)
    }
}
