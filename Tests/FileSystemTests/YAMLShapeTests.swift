import Testing
import FileSystem

/// YAML's nesting is bounded from the text before any parser sees it (issue 29, failure 4: `x: [[[[…]]]]` 5,000 deep
/// ended the tool with signal 11 inside the parser), while what people write, and brackets that are only text, pass.
struct YAMLShapeTests {
    static func check(_ text: String) throws(YAMLShape.Violation) {
        try YAMLShape.check(Array(text.utf8), maximumByteCount: 1 << 20)
    }

    @Test(arguments: [
        "x: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n",
        "x: " + String(repeating: "{a: ", count: 100) + "1" + String(repeating: "}", count: 100) + "\n",
        String(repeating: "- ", count: 100) + "x\n",
        (0..<100).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n",
        "a: 1\nb: |\n  text\nc: " + String(repeating: "[", count: 70) + "\n",
    ])
    func deepNestingIsRefusedNamingTheLine(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        do {
            try Self.check(text)
            Issue.record("not refused")
        } catch {
            #expect(error.reason.contains("more than the \(YAMLShape.maximumDepth) allowed") && (1...lines).contains(error.line), "\(error)")
        }
    }

    @Test(arguments: [
        "hidden: [64, 64]\nlearning-rate: 0.001\n# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n",
        "name: \"" + String(repeating: "[", count: 200) + "\"\nother: '" + String(repeating: "{", count: 200) + "'\n",
        "notes: |\n  " + String(repeating: "[", count: 200) + "\n  more\nseeds: 3\n",
        "grid:\n  hidden:\n    - [64, 64]\n    - [128, 128]\nchoices:\n  - {layers: 5}\n  - {layers: 10}\n",
        "quoted: 'it''s [ not a bracket'\nmulti: \"one\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n  two\"\n",
    ])
    func whatPeopleWritePasses(text: String) throws {
        try Self.check(text)
    }

    @Test func sizeIsBoundedBeforeAnythingElse() {
        #expect(throws: YAMLShape.Violation.self) { try YAMLShape.check(Array(repeating: UInt8(ascii: "a"), count: 101), maximumByteCount: 100) }
    }
}
