extension ColorMap {
    /// Viridis, the perceptually uniform blue–green–yellow map (#440154 → #fde725).
    ///
    /// 65 stops sampled every 255/64 entries along the 256-entry reference table (CC0) and rounded to
    /// 8 bits; linear interpolation between them stays within about one 8-bit level of the reference
    /// (largest error 0.92 levels over every fourth reference entry).
    /// Lightness increases monotonically, so it reads correctly in greyscale.
    /// van der Walt & Smith, *A better default colormap for matplotlib*, SciPy 2015.
    public static let viridis = ColorMap(validatedName: "viridis", hexStops: [
        0x440154, 0x46065A, 0x470D60, 0x471365, 0x48186A, 0x481D6F, 0x482374, 0x482878,
        0x472D7B, 0x46327E, 0x453681, 0x443B84, 0x424086, 0x404587, 0x3F4989, 0x3D4E8A,
        0x3B528B, 0x39568C, 0x375A8D, 0x355E8D, 0x33638D, 0x31668E, 0x2F6A8E, 0x2E6E8E,
        0x2C728E, 0x2B768E, 0x297A8E, 0x287D8E, 0x26818E, 0x25858E, 0x23898E, 0x228C8D,
        0x21908C, 0x20948C, 0x1F988B, 0x1E9B8A, 0x1F9F88, 0x20A387, 0x21A685, 0x24AA83,
        0x28AE80, 0x2CB17E, 0x31B57B, 0x37B877, 0x3EBC74, 0x45BF70, 0x4CC26C, 0x54C667,
        0x5DC963, 0x65CC5D, 0x6ECE58, 0x78D152, 0x82D34C, 0x8CD646, 0x96D83F, 0xA0DA39,
        0xABDC32, 0xB5DE2B, 0xC0DF24, 0xCBE11F, 0xD5E21A, 0xE0E319, 0xEAE51A, 0xF4E61E,
        0xFDE725,
    ])
}
