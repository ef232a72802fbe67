import Testing
@Test func placeholderAugmentTests() { #expect(1 + 1 == 2) }
