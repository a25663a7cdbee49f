import Foundation
import Plots

/// How many importance samples each grid point of a localised model's density panel gets.
///
/// Every point first gets ``initialSamples`` draws. An importance-sampled log p̂ is noisy, and on a heat
/// map the noise shows as speckle; so each point whose standard error of log p̂ (delta method, from its own
/// weights) exceeds what the colour scale can hide gets as many draws again, pooled with the earlier ones,
/// round after round, until every such point is below the target or has ``maximumSamples``.
///
/// The target is a fraction ``colorFraction`` of the colour scale:
/// - on a log scale of D decades, one colour-bar length is D·ln 10 nats of log p, so the target is
///   colorFraction · D · ln 10 nats (0.14 nats for 2 % of three decades) on the colour bar. Below its floor
///   every value is drawn in the lowest colour, so noise there shows only if it lifts a value above the floor by
///   more than the target: a point δ nats below the floor may have δ / ``floorMargin`` nats more (three standard
///   errors of headroom), and far below the floor the target no longer binds;
/// - on a linear scale from 0 to the maximum m, an error of s nats in log p̂ moves p̂ by about p̂·s, so the
///   target at a point is colorFraction · m / p̂ nats.
///
/// With ``DensityColorScale/automatic(decades:)``, a grid whose values span the log scale's decades gets the
/// log target; one that does not gets the smaller of both at each point, since a figure shows all its panels
/// on a log scale when any of them needs it.
public struct ImportanceSampling: Sendable, Hashable {
    /// K for every point in the first round.
    public var initialSamples: Int
    /// No point gets more than this K.
    public var maximumSamples: Int
    /// The largest standard error allowed, as a fraction of the colour scale.
    public var colorFraction: Double
    /// The colour scale of the panel the grid is for.
    public var colorScale: DensityColorScale

    /// K₀ = 100 as the paper's plots use; at most 16 × as many draws where the noise needs them (at 64 × a
    /// trained 2-D LGF-MAF's grid took over half an hour on a loaded host: points in the tails, whose weights are
    /// heavy-tailed, kept asking for more).
    public static let defaultInitialSamples = 100
    public static let defaultMaximumSamples = 1_600
    /// Standard errors of headroom between a value below a log scale's floor and visibility.
    public static let floorMargin = 3.0
    /// Two percent of the colour bar (0.14 nats on three decades): about five of viridis' 256 levels, too little
    /// for an eye to see as speckle.
    public static let defaultColorFraction = 0.02

    /// A schedule that refines points until their standard error is below `colorFraction` of `colorScale`.
    public init(initialSamples: Int = defaultInitialSamples, maximumSamples: Int = defaultMaximumSamples,
                colorFraction: Double = defaultColorFraction, colorScale: DensityColorScale = .automatic()) {
        self.initialSamples = initialSamples
        self.maximumSamples = maximumSamples
        self.colorFraction = colorFraction
        self.colorScale = colorScale
    }

    /// The same K for every point, never refined.
    public static func fixed(_ samples: Int) -> ImportanceSampling {
        ImportanceSampling(initialSamples: samples, maximumSamples: samples)
    }

    /// Checks the counts and the fraction.
    func validate() throws {
        for (name, count) in [("initialSamples", initialSamples), ("maximumSamples", maximumSamples)] where count < 1 {
            throw FigureError.invalidParameter(name: name, value: "\(count)", expected: "at least 1")
        }
        guard maximumSamples >= initialSamples else {
            throw FigureError.invalidParameter(name: "maximumSamples", value: "\(maximumSamples)",
                                               expected: "at least initialSamples = \(initialSamples)")
        }
        guard colorFraction.isFinite, colorFraction > 0 else {
            throw FigureError.invalidParameter(name: "colorFraction", value: "\(colorFraction)", expected: "a positive number")
        }
    }

    /// The standard error each point may have, in nats of log p̂, given the current values; `nil` for a
    /// value that is not finite (p̂ = 0 everywhere it was sampled).
    func targets(for logDensities: [Double]) -> [Double?] {
        let maximum = logDensities.filter(\.isFinite).max() ?? 0
        func logTarget(decades: Double) -> [Double?] {
            let span = decades * Foundation.log(10.0), floor = maximum - span
            return logDensities.map { $0.isFinite ? colorFraction * span + max(0, floor - $0) / Self.floorMargin : nil }
        }
        let linearTarget = logDensities.map { $0.isFinite ? colorFraction * Foundation.exp(maximum - $0) : nil }
        switch colorScale {
        case .density: return linearTarget
        case .logDensity(let decades): return logTarget(decades: decades)
        case .automatic(let decades):
            // A grid that spans the decades is shown on a log scale, whatever the other panels. One that does
            // not may still be, when another panel of its figure spans them, so both bounds apply to it.
            if colorScale.resolved(for: logDensities.map { Foundation.exp($0 - maximum) }) != .density {
                return logTarget(decades: decades)
            }
            return zip(logTarget(decades: decades), linearTarget).map { log, linear in
                guard let log else { return nil }
                return linear.map { min(log, $0) } ?? log
            }
        }
    }
}
