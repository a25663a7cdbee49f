/// The pixel layout a PNG file stores, both at 8 bits per channel.
public enum PNGColorType: Sendable, Hashable, CaseIterable {
    /// Truecolour (PNG colour type 2): the image's alpha is dropped, so composite onto an opaque
    /// background first; a quarter smaller than ``rgba`` before compression.
    case rgb
    /// Truecolour with alpha (PNG colour type 6), a lossless copy of an ``RGBAImage``.
    case rgba

    /// The colour-type byte of the IHDR chunk.
    var code: UInt8 {
        switch self {
        case .rgb: 2
        case .rgba: 6
        }
    }

    /// Bytes per pixel in a scanline.
    var channelCount: Int {
        switch self {
        case .rgb: 3
        case .rgba: 4
        }
    }
}
