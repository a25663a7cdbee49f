/// A perceptual colour scale mapping t ∈ [0, 1] to an opaque colour, e.g. ``viridis``.
///
/// The map is piecewise linear between equally spaced colour stops: stop k sits at
/// t = k / (count − 1). Values outside [0, 1] are clamped and NaN maps to t = 0.
public struct ColorMap: Hashable, Sendable {
    /// A short name for captions and logs, e.g. "viridis".
    public let name: String
    /// The colour stops from t = 0 to t = 1; at least two.
    public let stops: [RGBAColor]

    /// A colour map through `stops`, equally spaced over [0, 1].
    ///
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` with fewer than two stops.
    public init(name: String, stops: [RGBAColor]) throws(PlotError) {
        guard stops.count >= 2 else {
            throw .invalidParameter(name: "ColorMap.stops.count", value: "\(stops.count)", expected: "at least 2")
        }
        self.init(validatedName: name, stops: stops)
    }

    /// A built-in colour map from its table (`ColorMaps/<name>.txt`, compiled in): `RRGGBB` stops in hex,
    /// separated by white space.
    init(validatedName name: String, hexTable: [UInt8]) {
        let stops = String(decoding: hexTable, as: UTF8.self).split(whereSeparator: \.isWhitespace).map { word in
            guard let hex = UInt32(word, radix: 16), word.count == 6 else { preconditionFailure("colour table \(name): \(word) is not RRGGBB") }
            return RGBAColor(hex: hex)
        }
        self.init(validatedName: name, stops: stops)
    }

    private init(validatedName name: String, stops: [RGBAColor]) {
        precondition(stops.count >= 2, "ColorMap needs at least two stops")
        self.name = name
        self.stops = stops
    }

    /// The colour at position `t` (clamped to [0, 1]; NaN counts as 0).
    public func color(at t: Double) -> RGBAColor {
        let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = clamped * Double(stops.count - 1)
        let lower = min(Int(position), stops.count - 2)
        let weight = position - Double(lower)
        let from = stops[lower], to = stops[lower + 1]
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * weight).rounded())
        }
        return RGBAColor(
            red: mix(from.red, to.red), green: mix(from.green, to.green), blue: mix(from.blue, to.blue),
            alpha: mix(from.alpha, to.alpha))
    }

    /// The map reversed, so that t = 0 gives the colour that was at t = 1.
    public func reversed() -> ColorMap {
        ColorMap(validatedName: name + " (reversed)", stops: stops.reversed())
    }
}
