import Testing
import FileSystem

/// How messages word what they quote: counts agree with their nouns.
struct MessageTextTests {
    @Test(arguments: [(0, "row", nil, "0 rows"), (1, "row", nil, "1 row"), (2, "row", nil, "2 rows"),
                      (1, "entry", "entries", "1 entry"), (3, "entry", "entries", "3 entries"), (-1, "byte", nil, "-1 bytes")])
    func aCountAgreesWithItsNoun(count: Int, noun: String, plural: String?, expected: String) {
        #expect(MessageText.count(count, noun, plural: plural) == expected)
    }
}
