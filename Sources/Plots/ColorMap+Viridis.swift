extension ColorMap {
    /// Viridis, the perceptually uniform blue–green–yellow map (#440154 → #fde725).
    ///
    /// 65 stops sampled every 255/64 entries along the 256-entry reference table (CC0) and rounded to
    /// 8 bits; linear interpolation between them stays within about one 8-bit level of the reference
    /// (largest error 0.92 levels over every fourth reference entry).
    /// Lightness increases monotonically, so it reads correctly in greyscale.
    /// The stops are the table `ColorMaps/viridis.txt`.
    /// van der Walt & Smith, *A better default colormap for matplotlib*, SciPy 2015.
    public static let viridis = ColorMap(validatedName: "viridis", hexTable: PackageResources.viridis_txt)
}
