import Glibc

/// Writes `--labels-out OUT.json` as a run goes: each job's rows are appended to a spool file beside the output
/// as results arrive (in input order), with a small index (one entry per original image or annotation and job:
/// its first new id, offset and length); at the end the output is written from the spool in id order and renamed
/// into place.
///
/// The layout (``COCOLayout``) is one row per line, images then annotations, each sorted by id: an order that
/// is a function of each row alone, so that `augment coco-merge` rebuilds a single run's bytes from its shards.
final class COCOWriter {
    /// A run of rows in the spool: consecutive new ids (copies of one original), the first one the key.
    private struct Block {
        var key: Int
        var offset: Int
        var length: Int
    }

    let output: [UInt8]
    private let spoolPath: [UInt8]
    private let fd: Int32
    private var spoolSize = 0
    private var images: [Block] = []
    private var annotations: [Block] = []
    /// The first spool error.
    private(set) var failure: String?

    init(output: [UInt8]) throws(UsageError) {
        self.output = output
        spoolPath = AtomicFile.temporaryPath(for: output + Array(".rows".utf8))
        fd = FileSystem.withCString(spoolPath) { open($0, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
        guard fd >= 0 else {
            throw UsageError("cannot write beside \(FileSystem.display(output)): \(FileSystem.errorText(errno))")
        }
    }

    deinit {
        close(fd)
        AtomicFile.remove(spoolPath)
    }

    private func append(_ lines: [[UInt8]], key: Int, to blocks: inout [Block]) {
        guard failure == nil, !lines.isEmpty else { return }
        let bytes = Array(lines.joined(separator: COCOLayout.rowSeparator))
        var at = 0
        while at < bytes.count {
            let n = bytes[at...].withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(spoolSize + at)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                failure = n < 0 ? FileSystem.errorText(errno) : "the write made no progress"
                return
            }
            at += n
        }
        blocks.append(Block(key: key, offset: spoolSize, length: bytes.count))
        spoolSize += bytes.count
    }

    /// Adds the rows of one job's outputs (in copy order); `copies` is the run's copy count.
    func add(_ rows: [ResultMessage.COCORows], copies: Int) {
        guard let first = rows.first else { return }
        append(rows.map(\.image.text), key: first.image.id, to: &images)
        // Each original annotation's copies together (ids original * copies + copy, consecutive).
        var order: [Int] = []
        var groups: [Int: (key: Int, lines: [[UInt8]])] = [:]
        for row in rows {
            for a in row.annotations {
                let original = a.id / copies
                if groups[original] == nil {
                    order.append(original)
                    groups[original] = (a.id, [])
                }
                groups[original]!.lines.append(a.text)
            }
        }
        for original in order { append(groups[original]!.lines, key: groups[original]!.key, to: &annotations) }
    }

    /// Writes the output file (header, images and annotations by id) and renames it into place; returns the
    /// failure, nil when written.
    func finish(headerLine: String) -> String? {
        if let failure { return "cannot write the rows of \(FileSystem.display(output)): \(failure)" }
        var sink: FileSink
        do { sink = try FileSink(path: output) } catch { return error.description }
        sink.write(headerLine + "\n" + COCOLayout.imagesOpen + "\n")
        var buffer: [UInt8] = []
        func section(_ blocks: [Block]) -> String? {
            for (i, b) in blocks.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { sink.write(COCOLayout.rowSeparator) }
                buffer = [UInt8](repeating: 0, count: b.length)
                var got = 0
                while got < b.length {
                    let n = buffer[got...].withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(b.offset + got)) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return "cannot read back the rows: \(n < 0 ? FileSystem.errorText(errno) : "short file")" }
                    got += n
                }
                sink.write(buffer)
            }
            if !blocks.isEmpty { sink.write([UInt8(ascii: "\n")]) }
            return nil
        }
        if let e = section(images) {
            sink.abandon()
            return e
        }
        sink.write(COCOLayout.imagesClose + "\n" + COCOLayout.annotationsOpen + "\n")
        if let e = section(annotations) {
            sink.abandon()
            return e
        }
        sink.write(COCOLayout.annotationsClose + "\n")
        return sink.commit()
    }
}

/// The byte layout of an output COCO file, which `coco-merge` reads back:
/// ```
/// {"categories":[...],"info":{...},"licenses":[...],
/// "images":[
/// {"id":0,...},
/// {"id":1,...}
/// ],
/// "annotations":[
/// {"id":0,...}
/// ]}
/// ```
/// The header line holds every top-level member of the input but `images` and `annotations`; each row is one
/// line of compact JSON starting with its `"id"`; rows are sorted by id within each section.
enum COCOLayout {
    static let rowSeparator: [UInt8] = Array(",\n".utf8)
    static let imagesOpen = "\"images\":["
    static let imagesClose = "],"
    static let annotationsOpen = "\"annotations\":["
    static let annotationsClose = "]}"
}
