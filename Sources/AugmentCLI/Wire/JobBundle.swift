/// Several items in one pool job: on small images the pool's round trip and the parent's wake-up per job cost
/// as much as a tenth of an item's work, so the parent sends runs of them together (``BatchRunner``). A bundle
/// starts with a negative tag, which no single ``JobMessage`` does (it starts with its input path's length);
/// its result is the items' ``ResultMessage``s in order, under the same tag.
enum JobBundle {
    static let tag = -1

    /// The payload of a bundle of `messages`: encoded ``JobMessage``s going out, ``ResultMessage``s coming back.
    static func encode(_ messages: [[UInt8]]) -> [UInt8] {
        var w = WireWriter()
        w.int(tag)
        w.int(messages.count)
        for m in messages { w.data(m) }
        return w.bytes
    }

    /// The messages of a bundle; nil when `bytes` is a single message.
    static func decode(_ bytes: [UInt8]) throws(WireReader.Malformed) -> [[UInt8]]? {
        var r = WireReader(bytes)
        guard try r.int() == tag else { return nil }
        let n = try r.int()
        guard n >= 0 && n < 1 << 16 else { throw WireReader.Malformed() }
        var messages: [[UInt8]] = []
        for _ in 0..<n { messages.append(try r.data()) }
        return messages
    }
}
