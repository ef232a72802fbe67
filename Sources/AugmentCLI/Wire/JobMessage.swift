/// What the parent sends a worker for one item.
struct JobMessage: Sendable {
    /// A file of an output and the temporary file it is written through (named by the parent, which removes it
    /// after an interrupt or a worker's death).
    struct File: Sendable, Hashable {
        var path: [UInt8]
        var temporary: [UInt8]

        init(_ path: [UInt8]) {
            self.path = path
            temporary = AtomicFile.temporaryPath(for: path)
        }

        init(path: [UInt8], temporary: [UInt8]) {
            self.path = path
            self.temporary = temporary
        }
    }

    struct Output: Sendable {
        var copy: Int
        var image: File
        /// The output's label file, nil without labels.
        var label: File?
        /// The output's mask, nil without masks.
        var mask: File?

        /// Every file of the output, companions first (the order they are renamed into place: the image last).
        var files: [File] { [label, mask].compactMap { $0 } + [image] }
    }
    var input: [UInt8]
    var relative: [UInt8]
    /// The input's label file, nil without labels (a missing file is an image without objects).
    var labelInput: [UInt8]?
    /// The input's mask, nil without masks.
    var maskInput: [UInt8]?
    var outputs: [Output]
    /// `--labels coco:FILE.json`: the input's image entry and annotations, nil otherwise.
    var coco: COCOJob? = nil

    /// What a job of a COCO run carries: its image's entry and annotations as compact JSON text (never the whole
    /// file), each output's `file_name` (relative to `-o`) and the run's copy count (for the new ids).
    struct COCOJob: Sendable {
        var entry: [UInt8]
        /// The annotations' texts joined by ",".
        var annotations: [UInt8]
        /// Per output, in order: its path relative to `-o`.
        var names: [[UInt8]]
        var copies: Int
    }

    func encoded() -> [UInt8] {
        var w = WireWriter()
        w.data(input)
        w.data(relative)
        w.optionalData(labelInput)
        w.optionalData(maskInput)
        w.int(outputs.count)
        for o in outputs {
            w.int(o.copy)
            for file in [o.image, o.label, o.mask] {
                w.optionalData(file?.path)
                w.optionalData(file?.temporary)
            }
        }
        w.bool(coco != nil)
        if let coco {
            w.data(coco.entry)
            w.data(coco.annotations)
            for name in coco.names { w.data(name) }
            w.int(coco.copies)
        }
        return w.bytes
    }

    init(input: [UInt8], relative: [UInt8], labelInput: [UInt8]? = nil, maskInput: [UInt8]? = nil, outputs: [Output]) {
        self.input = input
        self.relative = relative
        self.labelInput = labelInput
        self.maskInput = maskInput
        self.outputs = outputs
    }

    init(decoding bytes: [UInt8]) throws(WireReader.Malformed) {
        var r = WireReader(bytes)
        input = try r.data()
        relative = try r.data()
        labelInput = try r.optionalData()
        maskInput = try r.optionalData()
        let n = try r.int()
        guard n >= 0 && n < 1 << 20 else { throw WireReader.Malformed() }
        outputs = []
        for _ in 0..<n {
            let copy = try r.int()
            var files: [File?] = []
            for _ in 0..<3 {
                let path = try r.optionalData(), temporary = try r.optionalData()
                if let path, let temporary { files.append(File(path: path, temporary: temporary)) } else { files.append(nil) }
            }
            guard let image = files[0] else { throw WireReader.Malformed() }
            outputs.append(Output(copy: copy, image: image, label: files[1], mask: files[2]))
        }
        if try r.bool() {
            let entry = try r.data(), annotations = try r.data()
            var names: [[UInt8]] = []
            for _ in 0..<n { names.append(try r.data()) }
            coco = COCOJob(entry: entry, annotations: annotations, names: names, copies: try r.int())
        }
    }
}
