/// What the parent sends a worker for one item.
struct JobMessage: Sendable {
    struct Output: Sendable {
        var copy: Int
        var path: [UInt8]
        /// The temporary file the output is written through; the parent removes it after an interrupt.
        var temporary: [UInt8]
    }
    var input: [UInt8]
    var relative: [UInt8]
    var outputs: [Output]

    func encoded() -> [UInt8] {
        var w = WireWriter()
        w.data(input)
        w.data(relative)
        w.int(outputs.count)
        for o in outputs {
            w.int(o.copy)
            w.data(o.path)
            w.data(o.temporary)
        }
        return w.bytes
    }

    init(input: [UInt8], relative: [UInt8], outputs: [Output]) {
        self.input = input
        self.relative = relative
        self.outputs = outputs
    }

    init(decoding bytes: [UInt8]) throws(WireReader.Malformed) {
        var r = WireReader(bytes)
        input = try r.data()
        relative = try r.data()
        let n = try r.int()
        guard n >= 0 && n < 1 << 20 else { throw WireReader.Malformed() }
        outputs = []
        for _ in 0..<n { outputs.append(Output(copy: try r.int(), path: try r.data(), temporary: try r.data())) }
    }
}
