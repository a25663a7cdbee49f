import CZlib

/// The pixels of a browser screenshot (8-bit RGB or RGBA PNG, not interlaced): chunks parsed, IDAT inflated with
/// zlib, all five PNG filters undone. Independent of the project's encoder, for the report's browser test.
struct ScreenshotPixels {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let width: Int
    let height: Int
    let channels: Int
    /// Row-major bytes, `channels` per pixel.
    let bytes: [UInt8]

    init(png file: [UInt8]) throws {
        guard file.count > 33, file[1] == 0x50, file[2] == 0x4E, file[3] == 0x47 else { throw Failure(description: "not a PNG") }
        func uint32(_ offset: Int) -> Int { file[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        width = uint32(16)
        height = uint32(20)
        guard file[24] == 8, file[28] == 0, file[25] == 2 || file[25] == 6 else {
            throw Failure(description: "unsupported PNG: bit depth \(file[24]), colour type \(file[25]), interlace \(file[28])")
        }
        channels = file[25] == 6 ? 4 : 3
        var stream: [UInt8] = []
        var offset = 8
        while offset + 8 <= file.count {
            let length = uint32(offset)
            if String(decoding: file[offset + 4..<offset + 8], as: UTF8.self) == "IDAT" { stream += file[offset + 8..<offset + 8 + length] }
            offset += 12 + length
        }
        let rowLength = width * channels
        var size = UInt((rowLength + 1) * height)
        var inflated = [UInt8](repeating: 0, count: Int(size))
        let status = inflated.withUnsafeMutableBufferPointer { out in stream.withUnsafeBufferPointer { uncompress(out.baseAddress, &size, $0.baseAddress, UInt($0.count)) } }
        guard status == Z_OK, Int(size) == inflated.count else { throw Failure(description: "cannot inflate the image data (zlib \(status))") }
        var pixels = [UInt8](repeating: 0, count: rowLength * height)
        for row in 0..<height {
            let filter = inflated[row * (rowLength + 1)]
            for index in 0..<rowLength {
                let x = Int(inflated[row * (rowLength + 1) + 1 + index])
                let a = index >= channels ? Int(pixels[row * rowLength + index - channels]) : 0
                let b = row > 0 ? Int(pixels[(row - 1) * rowLength + index]) : 0
                let c = row > 0 && index >= channels ? Int(pixels[(row - 1) * rowLength + index - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw Failure(description: "unknown filter \(filter) in row \(row)")
                }
                pixels[row * rowLength + index] = UInt8((x + predictor) & 0xFF)
            }
        }
        bytes = pixels
    }

    /// The share of pixels that are not (nearly) white.
    var inkedFraction: Double {
        var inked = 0
        for pixel in 0..<(width * height) where (0..<3).contains(where: { bytes[pixel * channels + $0] < 240 }) { inked += 1 }
        return Double(inked) / Double(max(width * height, 1))
    }

    /// How many distinct colours (RGB) appear.
    var colourCount: Int {
        var seen = Set<Int>()
        for pixel in 0..<(width * height) {
            let base = pixel * channels
            seen.insert(Int(bytes[base]) << 16 | Int(bytes[base + 1]) << 8 | Int(bytes[base + 2]))
        }
        return seen.count
    }
}
