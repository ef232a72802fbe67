import Testing
@Test func placeholderProcessPoolTests() { #expect(1 + 1 == 2) }
