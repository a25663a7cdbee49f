import Testing
@Test func NetworksBuilds() { #expect(Bool(true)) }
