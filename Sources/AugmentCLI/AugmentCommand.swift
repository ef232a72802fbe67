import ArgumentParser

/// `augment`: a directory of images in, an augmented dataset out, nothing lost.
struct AugmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "augment",
        abstract: "Rotate and flip (fixed or random) a dataset of PNG and JPEG images, in parallel.",
        discussion: """
            Ops (--op, repeatable, applied in order): NAME[=VALUE][,KEY=VALUE]...
              rotate=DEG | rotate=A..B   counter-clockwise degrees, fixed or uniform in [A, B];
                                         keys resample=nearest|bilinear|bicubic, expand=true|false,
                                         fill=R:G:B[:A], crop=inscribed
              flip=h | flip=v            rot90, rot180, rot270, transpose, transverse
              every op takes p=PROBABILITY (default 1)
            The source documents' job: --op rotate=45 --op flip=h

            Exit status: 0 all ok (skips included), 1 some items failed, 2 usage error,
            130 after SIGINT, 143 after SIGTERM.
            """
    )

    @Argument(help: "Input files and folders (folders are walked recursively).")
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: "Output folder (the input tree is mirrored under it).")
    var output: String?

    @Option(name: .customLong("op"), help: "An op spec; repeatable, applied in the order given.")
    var ops: [String] = []

    @Option(help: "A pipeline as JSON (the same ops, as printed by --dry-run).")
    var pipeline: String?

    @Option(name: .short, help: "Worker processes (default: available cores).")
    var j: Int?

    @Option(help: "Outputs per input (named <stem>_<k><ext> when more than 1), at most \(Limits.copies.upperBound).")
    var copies: Int = 1

    @Option(help: "Seed of the random parameters.")
    var seed: UInt64 = 0

    @Option(help: "JSON Lines report, one row per output in input order ('-' for standard output).")
    var report: String?

    @Option(help: "The failed inputs, one per line (NUL-separated with --null); feed back with --from-list.")
    var failed: String?

    @Option(name: .customLong("from-list"), help: "Read input paths from FILE ('-' for standard input).")
    var fromList: String?

    @Flag(help: "--from-list (and --failed) entries are NUL-separated.")
    var null = false

    @Flag(name: .customLong("skip-existing"), help: "Do not redo outputs that already exist.")
    var skipExisting = false

    @Flag(name: .customLong("dry-run"), help: "Print the pipeline and the plan; write nothing.")
    var dryRun = false

    @Option(help: "Output format: keep, png or jpeg.")
    var format: String = "keep"

    @Option(help: "JPEG quality 1-100.")
    var quality: Int = 90

    @Option(name: .customLong("png-compression"), help: "PNG zlib level 0-9 (default: measured best, see README).")
    var pngCompression: Int?

    @Flag(name: .customLong("no-auto-orient"), help: "Do not apply the JPEG EXIF orientation before the ops.")
    var noAutoOrient = false

    @Option(name: .customLong("max-pixels"), help: "Refuse images with more pixels (decompression bombs).")
    var maxPixels: UInt64 = 178_956_970

    @Flag(help: "Fail inputs the decoder warns about (damaged but decodable) instead of augmenting them.")
    var strict = false

    @Option(name: .customLong("task-timeout"), help: "Seconds before a worker on one item is killed.")
    var taskTimeout: Double = 60

    @Option(help: "Retries of an item whose worker crashed or hung.")
    var retries: Int = 1

    @Option(help: "Process only shard I of N: I/N, auto (Slurm array) or auto/N (Kubernetes Indexed Job).")
    var shard: String?

    @Option(help: "Only files matching GLOB (file name, or relative path if it has a /); repeatable.")
    var include: [String] = []

    @Option(help: "Skip files matching GLOB; repeatable.")
    var exclude: [String] = []

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print a line per item.")
    var verbose = false

    /// The allowed range of every numeric option, checked by ``validate()`` and named in its messages.
    enum Limits {
        /// `--copies`: each output is a file; beyond this a run is a mistake (and a job's work is bounded).
        static let copies = 1...10_000
        /// `-j`: an absolute bound; a run also starts at most ``WorkerCount/maximumPerCore`` per usable core.
        static let workers = 1...4096
        static let quality = 1...100
        static let pngCompression = 0...9
        /// `--task-timeout` in seconds: a tenth of a second to a week.
        static let taskTimeout = 0.1...604_800.0
        static let retries = 0...100
        /// `--max-pixels`: up to 2^31 (a 46341x46341 image; 16-bit RGBA is then 16 GiB).
        static let maxPixels: ClosedRange<UInt64> = 1...(1 << 31)
    }

    func validate() throws {
        func check<T: Comparable>(_ value: T, in range: ClosedRange<T>, _ name: String) throws {
            guard range.contains(value) else {
                throw ValidationError("\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
            }
        }
        if output == nil { throw ValidationError("missing -o <outdir>") }
        if inputs.isEmpty && fromList == nil { throw ValidationError("no inputs: name files or folders, or --from-list") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
        try check(copies, in: Limits.copies, "--copies")
        if let j { try check(j, in: Limits.workers, "-j") }
        try check(quality, in: Limits.quality, "--quality")
        if let l = pngCompression { try check(l, in: Limits.pngCompression, "--png-compression") }
        if OutputFormat(rawValue: format) == nil { throw ValidationError("--format must be keep, png or jpeg") }
        guard taskTimeout.isFinite, Limits.taskTimeout.contains(taskTimeout) else {
            throw ValidationError("--task-timeout must be between 0.1 and 604800 seconds (a week), got \(taskTimeout)")
        }
        try check(retries, in: Limits.retries, "--retries")
        try check(maxPixels, in: Limits.maxPixels, "--max-pixels")
        if ops.isEmpty == false && pipeline != nil { throw ValidationError("use --op or --pipeline, not both") }
    }

    /// Runs the command; the exit status comes back as an ``ExitCode`` when it is not 0.
    mutating func runAsync() async throws {
        let code = try await Driver(options: self).run()
        if code != 0 { throw ExitCode(code) }
    }
}
