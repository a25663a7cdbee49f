import Testing
@Test func DatasetsBuilds() { #expect(Bool(true)) }
