extension DensityFigure {
    /// One panel of a ``DensityFigure``: a density heat map or the data alone, under a title.
    public struct Panel: Sendable {
        /// What a panel shows.
        public enum Content: Sendable {
            /// A heat map of the grid's densities with a colour bar.
            case density(DensityGrid)
            /// The figure's overlay points on a white background over `box`, without a colour bar.
            case scatter(DensityGrid.Box)
        }

        /// Drawn above the panel, e.g. "MAF  test LL −1.60" (typographic minus signs are drawn as "-").
        public var title: String
        /// The heat map or scatter.
        public var content: Content
        /// Whether the figure's overlay points are drawn over a density (scatter panels always show them).
        public var showsPoints: Bool

        /// A panel showing `content` under `title`.
        public init(title: String, content: Content, showsPoints: Bool = true) {
            self.title = title
            self.content = content
            self.showsPoints = showsPoints
        }

        /// A heat map of `grid` under `title`, e.g. a model's density or a data histogram.
        public static func density(_ grid: DensityGrid, title: String, showsPoints: Bool = true) -> Panel {
            Panel(title: title, content: .density(grid), showsPoints: showsPoints)
        }

        /// The overlay points alone over `box`, e.g. the training data beside the model panels.
        public static func scatter(over box: DensityGrid.Box, title: String) -> Panel {
            Panel(title: title, content: .scatter(box))
        }
    }
}
