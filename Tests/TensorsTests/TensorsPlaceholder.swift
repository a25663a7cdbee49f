import Testing
@Test func TensorsBuilds() { #expect(Bool(true)) }
