extension ColorMap {
    /// Magma, the perceptually uniform black–purple–orange–cream map (#000004 → #fcfdbf).
    ///
    /// Sampled like ``viridis`` (65 stops along the 256-entry reference table, within half an 8-bit
    /// level). Its near-black low end suits densities whose low regions should recede.
    /// The stops are the table `ColorMaps/magma.txt`.
    /// van der Walt & Smith, *A better default colormap for matplotlib*, SciPy 2015.
    public static let magma = ColorMap(validatedName: "magma", hexTable: PackageResources.magma_txt)
}
