import Foundation

/// An 8-bit-per-channel colour with straight (non-premultiplied) alpha.
public struct RGBAColor: Hashable, Sendable {
    /// Red, 0–255.
    public var red: UInt8
    /// Green, 0–255.
    public var green: UInt8
    /// Blue, 0–255.
    public var blue: UInt8
    /// Opacity, 0 (transparent) – 255 (opaque).
    public var alpha: UInt8

    /// A colour from its four channels.
    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from a `0xRRGGBB` literal, e.g. `RGBAColor(hex: 0x440154)` (viridis' darkest purple).
    public init(hex: UInt32, alpha: UInt8 = 255) {
        self.init(
            red: UInt8(truncatingIfNeeded: hex >> 16),
            green: UInt8(truncatingIfNeeded: hex >> 8),
            blue: UInt8(truncatingIfNeeded: hex),
            alpha: alpha)
    }

    /// The same colour with opacity `opacity` in [0, 1] (clamped), e.g. `.white.withOpacity(0.5)`.
    public func withOpacity(_ opacity: Double) -> RGBAColor {
        var copy = self
        copy.alpha = UInt8((min(max(opacity, 0), 1) * 255).rounded())
        return copy
    }

    /// Relative luminance, 0–1, of the sRGB colour (ITU-R BT.709 weights on linearised channels).
    public var luminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.04045 ? value / 12.92 : Foundation.pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Opaque white.
    public static let white = RGBAColor(red: 255, green: 255, blue: 255)
    /// Opaque black.
    public static let black = RGBAColor(red: 0, green: 0, blue: 0)
    /// Fully transparent black.
    public static let clear = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
    /// A light grey for backgrounds of legends and grids.
    public static let lightGray = RGBAColor(red: 220, green: 220, blue: 220)
}
