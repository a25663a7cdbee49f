/// The hyperparameter points of a sweep: the Cartesian product of `axes` (each key with its list of
/// values), crossed with `choices` (alternatives that set several keys together, e.g. the paper's tied
/// p and q widths). An empty grid has one point, the empty one.
public struct SweepGrid: Sendable, Equatable {
    /// Hyperparameter key (as in `ConfigurationOverrides.keys`) → the values to try.
    public var axes: [String: [SweepValue]]
    /// Alternatives, each a partial set of hyperparameters; none means one empty alternative.
    public var choices: [[String: SweepValue]]

    public init(axes: [String: [SweepValue]] = [:], choices: [[String: SweepValue]] = []) {
        self.axes = axes
        self.choices = choices
    }

    /// Every point, in a fixed order (axes by key name, the last key varying fastest, then the choices).
    public var points: [[String: SweepValue]] {
        var points: [[String: SweepValue]] = [[:]]
        for key in axes.keys.sorted() {
            let values = axes[key] ?? []
            points = points.flatMap { point in values.map { value in point.merging([key: value]) { $1 } } }
        }
        let alternatives = choices.isEmpty ? [[:]] : choices
        return points.flatMap { point in alternatives.map { point.merging($0) { $1 } } }
    }

    /// How many points `points` lists, computed without listing them (in `Double`, so that no grid overflows it).
    public var pointCount: Double {
        axes.values.reduce(1) { $0 * Double($1.count) } * Double(max(choices.count, 1))
    }

    /// This grid's points crossed with `inner`'s, `inner` winning where both set a key.
    public func crossed(with inner: SweepGrid) -> [[String: SweepValue]] {
        points.flatMap { outer in inner.points.map { outer.merging($0) { $1 } } }
    }

    /// A point's name for run folders: `hidden-100x100_layers-5`, or empty for the empty point.
    public static func label(of point: [String: SweepValue]) -> String {
        point.keys.sorted().map { "\($0)-\(point[$0]?.label ?? "")" }.joined(separator: "_")
    }
}
