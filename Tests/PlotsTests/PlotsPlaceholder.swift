import Testing
@Test func PlotsBuilds() { #expect(Bool(true)) }
