import Foundation
import LocalisedFlows
import Testing

/// The version is said in one place (`LocalisedFlows.version`, which `lgf --version` prints); CHANGELOG.md's newest
/// release must be that version, so that a release cannot go out with the two apart.
struct VersionTests {
    @Test func versionIsSemantic() {
        let parts = LocalisedFlows.version.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }, "\(LocalisedFlows.version)")
    }

    @Test func changelogsNewestReleaseIsTheVersion() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let changelog = try String(contentsOf: root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let releases = changelog.split(separator: "\n").filter { $0.hasPrefix("## ") && !$0.hasPrefix("## Unreleased") }
        let newest = try #require(releases.first, "CHANGELOG.md has no release heading")
        #expect(newest.dropFirst(3).split(separator: " ").first.map(String.init) == LocalisedFlows.version, "\(newest)")
    }

    /// `import LocalisedFlows` alone is enough for the library example: tensors, networks, flows, datasets and the
    /// seeded generator come with it.
    @Test func theUmbrellaModuleReexportsTheCore() throws {
        var generator = SplitMix64(seed: 1)
        let points = TwoDimensionalTarget.twoUniforms.sample(count: 8, using: &generator)
        let model = try ModelBuilder.build(.figure1MAF(), using: &generator)
        let adam = Adam(parameters: model.parameters)
        #expect(model.parameterCount == 80_080)    // the paper's Figure 1 MAF
        #expect(adam.parameters.count == model.parameters.count)
        #expect(Tensor(shape: [8, 2], doubles: points.values).shape == [8, 2])
    }
}
