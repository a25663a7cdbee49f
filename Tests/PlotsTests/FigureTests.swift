import Testing
@testable import Plots

struct FigureTests {
    @Test func placesPanelsSideBySideWithTheGap() throws {
        let tall = RGBAImage(width: 10, height: 20, background: RGBAImageTests.red)
        let short = RGBAImage(width: 30, height: 10, background: .black)
        var figure = Figure(panels: [tall, short], gap: 5)
        figure.padding = 4
        let image = try figure.render()
        #expect(image.width == 4 + 10 + 5 + 30 + 4 && image.height == 4 + 20 + 4)
        #expect(image[4, 4] == RGBAImageTests.red && image[13, 23] == RGBAImageTests.red)
        #expect(image[16, 10] == .white)                            // the gap
        #expect(image[19, 9] == .black && image[48, 18] == .black)   // the short panel, centred vertically
        #expect(image[19, 8] == .white && image[19, 19] == .white)
    }

    @Test func titleAddsABandOfTextAbove() throws {
        let panel = RGBAImage(width: 200, height: 50, background: .lightGray)
        let plain = try Figure(panels: [panel]).render()
        let titled = try Figure(title: "MAF vs LGF-MAF vs data", panels: [panel]).render()
        #expect(titled.height == plain.height + 16 + 8)
        let band = (0..<titled.width).flatMap { x in (8..<24).map { y in titled[x, y] } }
        #expect(band.contains(.black))
    }

    @Test func needsAtLeastOnePanel() {
        #expect(throws: PlotError.noPanels) { try Figure(panels: []).render() }
        #expect(throws: PlotError.self) { try Figure(panels: [RGBAImage(width: 1, height: 1)], gap: -1).render() }
    }
}
