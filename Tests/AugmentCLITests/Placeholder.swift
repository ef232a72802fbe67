import Testing
@Test func placeholderAugmentCLITests() { #expect(1 + 1 == 2) }
