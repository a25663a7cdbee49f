import Testing
@testable import Plots

struct FigureTests {
    @Test func placesPanelsSideBySideWithTheGapBottomAligned() throws {
        let tall = RGBAImage(width: 10, height: 20, background: RGBAImageTests.red)
        let short = RGBAImage(width: 30, height: 10, background: .black)
        var figure = Figure(panels: [tall, short], gap: 5)
        figure.padding = 4
        figure.scale = 1
        let image = try figure.render()
        #expect(image.width == 4 + 10 + 5 + 30 + 4 && image.height == 4 + 20 + 4)
        #expect(image[4, 4] == RGBAImageTests.red && image[13, 23] == RGBAImageTests.red)
        #expect(image[16, 10] == .white)                             // the gap
        #expect(image[19, 14] == .black && image[48, 23] == .black)   // the short panel, at the bottom
        #expect(image[19, 13] == .white && image[19, 24] == .white)
    }

    @Test func titleAddsABandOfTextAbove() throws {
        let panel = RGBAImage(width: 400, height: 100, background: .lightGray)
        let plain = try Figure(panels: [panel]).render()
        let titled = try Figure(title: "MAF vs LGF-MAF vs data", panels: [panel]).render()
        let band = titled.height - plain.height
        #expect(band > 30 && band < 60)  // 14-point text plus padding, at 2 pixels per point
        #expect(RGBAImageTests.darkPixels(in: titled, x: 0..<titled.width, y: 16..<(16 + band)) > 200)
        #expect(RGBAImageTests.darkPixels(in: plain, x: 0..<plain.width, y: 0..<plain.height) == 0)
    }

    @Test func needsAtLeastOnePanel() {
        #expect(throws: PlotError.noPanels) { try Figure(panels: []).render() }
        #expect(throws: PlotError.self) { try Figure(panels: [RGBAImage(width: 1, height: 1)], gap: -1).render() }
    }
}
