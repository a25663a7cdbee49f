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

    /// Dark pixels (luminance below `threshold`) inside a pixel rectangle.
    static func darkPixels(in image: RGBAImage, x: Range<Int>, y: Range<Int>, threshold: Double = 0.3) -> Int {
        var count = 0
        for row in y where row >= 0 && row < image.height {
            for column in x where column >= 0 && column < image.width && image[column, row].luminance < threshold {
                count += 1
            }
        }
        return count
    }
}
