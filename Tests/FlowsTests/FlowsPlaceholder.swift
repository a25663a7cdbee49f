import Testing
@Test func FlowsBuilds() { #expect(Bool(true)) }
