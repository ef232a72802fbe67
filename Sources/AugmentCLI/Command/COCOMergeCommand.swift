import ArgumentParser
import Glibc

/// `augment coco-merge SHARD.json... -o OUT.json`: the COCO files of a sharded run's shards merged into the file a
/// single run writes, byte for byte (each shard's rows are sorted by id, and ids are a pure function of the
/// original id and the copy, so the merge is a k-way merge of the shards' lines by id).
struct COCOMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coco-merge",
        abstract: "Merge the --labels-out COCO files of a sharded run into one, as a single run writes it.",
        usage: "augment coco-merge <shard.json>... -o <out.json>",
        discussion: "Every shard must come from the same annotation file (the same header line: info, licenses, "
            + "categories). Images and annotations are merged by id; an id in two shards is refused (the shards "
            + "overlap). The output is written through a temporary file and renamed into place.")

    @Argument(help: ArgumentHelp("The shards' COCO files (written by --labels-out).", valueName: "shard.json"))
    var shards: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The merged COCO file.", valueName: "out.json"))
    var output: String?

    func validate() throws {
        if shards.isEmpty { throw ValidationError("no shards: name the shards' COCO files") }
        if output == nil { throw ValidationError("missing -o <out.json>") }
    }

    func run() throws {
        if let failure = COCOMerge.merge(shards.map { Array($0.utf8) }, into: Array(output!.utf8)) {
            throw UsageError(failure)
        }
    }
}

/// The k-way merge of shard files in ``COCOLayout``.
enum COCOMerge {
    /// Merges `shards` into `output`; returns why it failed, nil when written.
    static func merge(_ shards: [[UInt8]], into output: [UInt8]) -> String? {
        do {
            var images: [LineReader] = [], annotations: [LineReader] = []
            var header: [UInt8]?
            for shard in shards {
                var a = try LineReader(path: shard), b = try LineReader(path: shard)
                let line = try a.expectHeader()
                _ = try b.expectHeader()
                if let header, header != line {
                    throw MergeError("\(FileSystem.display(shard)) has another header than \(FileSystem.display(shards[0])) "
                                     + "(info, licenses or categories differ): shards of different files")
                }
                header = line
                try a.expect(COCOLayout.imagesOpen)
                try b.expect(COCOLayout.imagesOpen)
                while try b.row(section: "images") != nil {}
                try b.expect(COCOLayout.annotationsOpen)
                images.append(a)
                annotations.append(b)
            }
            var sink = try FileSink(path: output)
            sink.write(header! + [UInt8(ascii: "\n")])
            sink.write(COCOLayout.imagesOpen + "\n")
            do {
                try mergeSection(&images, name: "images", into: &sink)
                for i in images.indices { try images[i].expect(COCOLayout.annotationsOpen) }
                sink.write(COCOLayout.imagesClose + "\n" + COCOLayout.annotationsOpen + "\n")
                try mergeSection(&annotations, name: "annotations", into: &sink)
                sink.write(COCOLayout.annotationsClose + "\n")
            } catch {
                sink.abandon()
                throw error
            }
            return sink.commit()
        } catch let e as MergeError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    /// Merges one section of every reader (each positioned at its first row) by id.
    static func mergeSection(_ readers: inout [LineReader], name: String, into sink: inout FileSink) throws {
        var heads: [(id: Int, line: [UInt8])?] = []
        for i in readers.indices { heads.append(try readers[i].row(section: name)) }
        var previous: (id: Int, shard: Int)?
        var first = true
        while true {
            var best: Int?
            for (i, h) in heads.enumerated() { if let h, best == nil || h.id < heads[best!]!.id { best = i } }
            guard let b = best, let row = heads[b] else { break }
            if let previous, previous.id >= row.id {
                throw MergeError("\(name): the id \(row.id) is in \(FileSystem.display(readers[previous.shard].path)) "
                                 + "and \(FileSystem.display(readers[b].path)) (the shards overlap), or a shard is not "
                                 + "sorted by id")
            }
            previous = (row.id, b)
            if !first { sink.write(COCOLayout.rowSeparator) }
            sink.write(row.line)
            first = false
            heads[b] = try readers[b].row(section: name)
        }
        if !first { sink.write([UInt8(ascii: "\n")]) }
    }
}

struct MergeError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Reads a file line by line through a 1 MiB buffer (a shard may be larger than memory should hold).
struct LineReader {
    let path: [UInt8]
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private var lineNumber = 0

    init(path: [UInt8]) throws {
        self.path = path
        fd = FileSystem.withCString(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw MergeError("cannot read \(FileSystem.display(path)): \(FileSystem.errorText(errno))") }
    }

    /// The next line without its newline; nil at the end of the file.
    mutating func next() throws -> [UInt8]? {
        while true {
            if let nl = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start..<nl])
                start = nl + 1
                lineNumber += 1
                return line
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                lineNumber += 1
                return line
            }
            buffer.removeFirst(start)
            start = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw MergeError("cannot read \(FileSystem.display(path)): \(FileSystem.errorText(errno))") }
            if n == 0 { eof = true } else { buffer += chunk[..<n] }
        }
    }

    func malformed(_ what: String) -> MergeError {
        MergeError("\(FileSystem.display(path)), line \(lineNumber): \(what); not a file written by --labels-out")
    }

    /// The header line (`{` and the header's members).
    mutating func expectHeader() throws -> [UInt8] {
        guard let line = try next(), line.first == UInt8(ascii: "{") else { throw malformed("expected the header line") }
        return line
    }

    /// Reads a line that must be `text`.
    mutating func expect(_ text: String) throws {
        guard let line = try next(), line == Array(text.utf8) else { throw malformed("expected '\(text)'") }
    }

    /// The next row of the section (its id and the line without its separator); nil at the section's end (its
    /// closing line read).
    mutating func row(section: String) throws -> (id: Int, line: [UInt8])? {
        guard var line = try next() else { throw malformed("the file ends inside \(section)") }
        if line == Array(COCOLayout.imagesClose.utf8) || line == Array(COCOLayout.annotationsClose.utf8) { return nil }
        if line.last == UInt8(ascii: ",") { line.removeLast() }
        let prefix = Array("{\"id\":".utf8)
        guard line.starts(with: prefix) else { throw malformed("a row that does not start with {\"id\":") }
        var id = 0, i = prefix.count
        while i < line.count, line[i] >= 0x30, line[i] <= 0x39, id < 1 << 56 {
            id = id * 10 + Int(line[i] - 0x30)
            i += 1
        }
        guard i > prefix.count else { throw malformed("a row without an integer id") }
        return (id, line)
    }
}
