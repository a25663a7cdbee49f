import Foundation
import Testing

/// The README's library example is the file CI compiles and runs in a package that depends on this one
/// (`scripts/check-consumer` builds `docs/examples/LibraryExample.swift`), so the two cannot drift apart.
struct ReadmeExampleTests {
    @Test func theReadmesLibraryExampleIsTheFileCIBuilds() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(contentsOf: root.appendingPathComponent("docs/examples/LibraryExample.swift"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## The library").dropFirst().first, "README.md has no library section")
        let block = try #require(section.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first,
                                 "the library section has no Swift block")
        #expect(block.trimmingCharacters(in: .newlines) == example.trimmingCharacters(in: .newlines))
    }
}
