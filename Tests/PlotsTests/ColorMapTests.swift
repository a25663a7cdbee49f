import Testing
@testable import Plots

struct ColorMapTests {
    @Test func viridisAndMagmaHaveTheReferenceEndpoints() {
        #expect(ColorMap.viridis.color(at: 0) == RGBAColor(hex: 0x440154))
        #expect(ColorMap.viridis.color(at: 1) == RGBAColor(hex: 0xFDE725))
        #expect(ColorMap.magma.color(at: 0) == RGBAColor(hex: 0x000004))
        #expect(ColorMap.magma.color(at: 1) == RGBAColor(hex: 0xFCFDBF))
        // Mid-point of viridis is its teal, #21918c in the reference table (entry 128 of 256).
        let middle = ColorMap.viridis.color(at: 128.0 / 255)
        #expect(abs(Int(middle.red) - 0x21) <= 1 && abs(Int(middle.green) - 0x91) <= 1
                && abs(Int(middle.blue) - 0x8C) <= 1)
    }

    /// The stops rise strictly in luminance; between them, rounding interpolated colours to 8 bits may
    /// dip by far less than one grey level (1/255 ≈ 0.004 in luminance near black).
    @Test(arguments: ["viridis", "magma"])
    func luminanceIncreasesMonotonically(name: String) {
        let map = name == "viridis" ? ColorMap.viridis : ColorMap.magma
        let stopLuminances = map.stops.map(\.luminance)
        #expect(zip(stopLuminances, stopLuminances.dropFirst()).allSatisfy { $0 < $1 })
        let luminances = (0...1000).map { map.color(at: Double($0) / 1000).luminance }
        #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $1 > $0 - 1e-3 })
        #expect(luminances[1000] > luminances[0] + 0.5)
    }

    @Test func clampsOutOfRangeAndNaNInputs() {
        let map = ColorMap.viridis
        #expect(map.color(at: -3) == map.color(at: 0))
        #expect(map.color(at: 7) == map.color(at: 1))
        #expect(map.color(at: .nan) == map.color(at: 0))
        #expect(map.reversed().color(at: 0) == map.color(at: 1))
    }

    @Test func customMapsNeedTwoStopsAndInterpolateLinearly() throws {
        #expect(throws: PlotError.self) { try ColorMap(name: "one", stops: [.black]) }
        let gray = try ColorMap(name: "gray", stops: [.black, .white])
        #expect(gray.color(at: 0.5) == RGBAColor(red: 128, green: 128, blue: 128))
    }
}
