import Foundation

/// Walks the non-blank lines of a byte buffer, counting physical lines from 1.
///
/// Accepts `\n` and `\r\n` endings, a missing final newline and a UTF-8 byte-order mark.
struct TextLineCursor {
    /// One line without its ending: bytes `bytes` of the buffer.
    struct Line {
        /// The 1-based physical line number.
        var number: Int
        var bytes: Range<Int>
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    private var lineNumber = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
    }

    /// The next line holding anything but spaces and tabs, or `nil` at the end.
    mutating func next() -> Line? {
        guard let base = bytes.baseAddress else { return nil }
        while position < bytes.count {
            lineNumber += 1
            let start = position
            var end = bytes.count
            if let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
                end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                position = end + 1
            } else {
                position = bytes.count
            }
            if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            if bytes[start ..< end].contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) {
                return Line(number: lineNumber, bytes: start ..< end)
            }
        }
        return nil
    }
}
