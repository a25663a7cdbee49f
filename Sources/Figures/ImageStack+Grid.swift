import Datasets
import Plots

extension ImageStack {
    /// Writes the images as a PNG grid of `rows × columns` tiles with a 2-pixel white gap (image i at row i / columns,
    /// column i % columns; grey or RGB), through a temporary file and a rename.
    /// - Returns: the PNG's width and height in pixels.
    /// - Throws: `PlotError` for more images than tiles, other than 1 or 3 channels, or a failed write.
    @discardableResult
    public func writeGrid(rows: Int, columns: Int, to path: String) throws -> (width: Int, height: Int) {
        let grid = try ImageGrid(rows: rows, columns: columns, channels: channels, height: height, width: width)
        try PNGFile.write(try grid.render(pixels), to: path)
        return (grid.pixelWidth, grid.pixelHeight)
    }
}
