/// Bounds a YAML text's size and nesting before any parser sees it, as `JSONParser` bounds JSON's: a YAML parser
/// builds nested nodes by recursion, so `x: [[[[…]]]]` a few thousand deep (10 KB) would exhaust the stack and end
/// the process with a signal instead of an error.
///
/// The nesting is measured from the text alone (YAML 1.2, §6.1 indentation, §7.4 flow collections, §8.2.1 compact
/// block collections): one level per open indentation, per compact indicator (`- `, `? `) that begins a line's
/// content, and per open `[` or `{`, outside quoted scalars, comments and block scalars (`|`, `>`). A node's real
/// depth is at most twice this measure (a sequence may sit at its parent key's indentation), so the bound keeps every
/// parse shallow while allowing any configuration a person writes.
package enum YAMLShape {
    /// Levels of nesting allowed, as measured above (JSON's bound, `JSONParser.maximumDepth`).
    package static let maximumDepth = 64

    /// Why a text is refused: the 1-based line where it happens, and what is wrong.
    package struct Violation: Error, Equatable, Sendable {
        package var line: Int
        package var reason: String
    }

    /// Checks `text` against `maximumByteCount` and `maximumDepth`. - Throws: `Violation`.
    package static func check(_ text: [UInt8], maximumByteCount: Int) throws(Violation) {
        guard text.count <= maximumByteCount else {
            throw Violation(line: 1, reason: "\(text.count) bytes is more than the \(maximumByteCount) a file of this kind may hold")
        }
        var scanner = Scanner()
        var lineNumber = 0
        for line in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if let depth = scanner.scan(line), depth > maximumDepth {
                throw Violation(line: lineNumber, reason: "it nests \(depth) levels deep (indentation, `- ` entries and brackets), "
                                + "more than the \(maximumDepth) allowed")
            }
        }
    }

    /// The state carried from one line to the next.
    private struct Scanner {
        private var indents: [Int] = []
        private var flowDepth = 0
        private var quote: UInt8?
        /// Lines more indented than this (or blank) are the content of a block scalar.
        private var blockScalarParent: Int?

        /// Scans one line; returns the deepest nesting measured on it, or `nil` for a line that opens nothing.
        mutating func scan(_ line: ArraySlice<UInt8>) -> Int? {
            let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
            let content = line.dropFirst(indent)
            let isBlank = content.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            if let parent = blockScalarParent {
                if isBlank || indent > parent { return nil }
                blockScalarParent = nil
            }
            if isBlank { return nil }
            var blockDepth = indents.count
            var position = content.startIndex
            if quote == nil && flowDepth == 0 {
                if content.first == UInt8(ascii: "#") { return nil }
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                blockDepth = indents.count
                // Compact indicators: `- - - x` nests three sequences on one line.
                while position < content.endIndex, [UInt8(ascii: "-"), UInt8(ascii: "?")].contains(content[position]),
                      position + 1 == content.endIndex || content[position + 1] == UInt8(ascii: " ") {
                    blockDepth += 1
                    position += 1
                    while position < content.endIndex && content[position] == UInt8(ascii: " ") { position += 1 }
                }
            }
            var deepest = blockDepth + flowDepth
            var previous = UInt8(ascii: " ")
            while position < content.endIndex {
                let byte = content[position]
                defer { previous = byte; position += 1 }
                if let open = quote {
                    if open == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") { position += 1; continue }
                    if byte == open {
                        // In single quotes, '' is a quote inside the scalar.
                        if open == UInt8(ascii: "'"), position + 1 < content.endIndex, content[position + 1] == open { position += 1; continue }
                        quote = nil
                    }
                    continue
                }
                let startsToken = previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") || Self.flowIndicators.contains(previous)
                if byte == UInt8(ascii: "#") && startsToken { return deepest }
                if (byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"")) && startsToken {
                    quote = byte
                } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    flowDepth += 1
                    deepest = max(deepest, blockDepth + flowDepth)
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    flowDepth = max(flowDepth - 1, 0)
                } else if (byte == UInt8(ascii: "|") || byte == UInt8(ascii: ">")) && startsToken && flowDepth == 0
                            && Self.endsBlockScalarHeader(content[(position + 1)...]) {
                    blockScalarParent = indent
                }
            }
            return deepest
        }

        private static let flowIndicators: [UInt8] = Array("[]{},:".utf8)

        /// Whether what follows a `|` or `>` is a block scalar header's rest (§8.1.1): indentation and chomping
        /// indicators, then only spaces or a comment; otherwise the character is part of a plain scalar.
        private static func endsBlockScalarHeader(_ rest: ArraySlice<UInt8>) -> Bool {
            let afterIndicators = rest.drop { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
            let trimmed = afterIndicators.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            return trimmed.isEmpty || trimmed.first == UInt8(ascii: "#")
        }
    }
}
