import Augment
import Codecs
import Foundation

/// A run, resolved once from the command's options: typed values, defaults applied, the pipeline loaded and
/// checked, the shard read from the environment, the encoder settings decided. The parent takes this, and each
/// worker the part of it that ``WorkerConfig`` carries; neither sees the command.
struct RunConfiguration: Sendable {
    // Inputs
    /// The inputs as given (raw bytes); each exists (or is a link).
    var roots: [[UInt8]]
    var includes: [String]
    var excludes: [String]
    var shard: Shard?
    /// `--from-list`: a file, or "-" for standard input.
    var fromList: String?
    /// What separates entries of `--from-list` and `--failed`: a newline, or NUL with `--null`.
    var listSeparator: UInt8

    // Outputs
    var outputRoot: [UInt8]
    var copies: Int
    var format: OutputFormat
    var skipExisting: Bool
    /// The encoder settings of every output; a worker fills in the format and the EXIF orientation per output.
    var encode: EncodeOptions
    var autoOrient: Bool
    var maxPixels: UInt64
    var strict: Bool
    /// `--jpeg-lossless`: exact ops on a JPEG become a DCT-domain transform where perfect.
    var jpegLossless: Bool

    // Ops
    var pipeline: Pipeline
    var seed: UInt64
    /// `--fuse`: each run of affine-type ops sampled once.
    var fuse: Bool

    // Labels and masks
    /// How labels are transformed; nil without `--labels`.
    var labels: LabelSettings?
    /// How masks are transformed; nil without `--masks`.
    var masks: MaskSettings?
    /// Where each item's label and mask files are read and written.
    var companions: CompanionRules
    /// `--labels coco:FILE.json`: the file, read once, and the output file.
    var coco: COCOSource?

    // Workers
    /// The worker count asked (`-j`, capped per core), or the usable cores.
    var workers: Int
    var retries: Int
    /// Seconds.
    var taskTimeout: Double

    // Reporting
    var report: String?
    var failed: String?
    var dryRun: Bool
    var verbosity: Progress.Verbosity

    /// Resolves `command`'s options (already validated range by range).
    /// - Throws: ``UsageError`` for what only resolution finds: a pipeline file, a shard, an input that is missing.
    init(resolving command: AugmentCommand) throws(UsageError) {
        let o = command.outputs
        roots = command.inputs.inputs.map { Array($0.utf8) }
        for root in roots where FileSystem.kind(root).0 == .missing && !FileSystem.isSymlink(root) {
            throw UsageError("input \(FileSystem.display(root)): \(FileSystem.errorText(FileSystem.kind(root).1))")
        }
        includes = command.inputs.include
        excludes = command.inputs.exclude
        shard = try command.inputs.shard.map { (spec) throws(UsageError) in
            try Shard.parse(spec, environment: ProcessInfo.processInfo.environment)
        }
        fromList = command.inputs.fromList
        listSeparator = command.inputs.null ? 0 : UInt8(ascii: "\n")

        outputRoot = Array(o.output!.utf8)
        copies = o.copies
        format = o.format
        skipExisting = o.skipExisting
        encode = EncodeOptions(format: .png, quality: o.quality ?? EncodeOptions.defaultQuality)
        if let level = o.pngCompression {
            // An explicit level means zlib's full deflate at that level, not the RLE default.
            encode.pngLevel = level
            encode.pngStrategy = nil
        }
        autoOrient = !o.noAutoOrient
        maxPixels = o.maxPixels
        strict = o.strict
        jpegLossless = o.jpegLossless

        pipeline = try PipelineSource.load(ops: command.ops.ops, file: command.ops.pipeline)
        seed = command.ops.seed
        fuse = command.ops.fuse
        (labels, masks, companions, coco) = try LabelSource.resolve(command.labels, pipeline: pipeline)
        if coco != nil && skipExisting {
            throw UsageError("--skip-existing cannot be used with --labels coco: the skipped outputs would be missing "
                             + "from --labels-out's file")
        }

        workers = WorkerCount.resolve(command.workers.j)
        retries = command.workers.retries
        taskTimeout = command.workers.taskTimeout

        report = command.reporting.report
        failed = command.reporting.failed
        dryRun = command.reporting.dryRun
        verbosity = command.reporting.verbosity
    }

    /// What every worker needs besides its jobs.
    var workerConfig: WorkerConfig {
        WorkerConfig(pipeline: pipeline, seed: seed, format: format, encode: encode, autoOrient: autoOrient,
                     maxPixels: maxPixels, wantParams: report != nil, strict: strict, jpegLossless: jpegLossless,
                     fuse: fuse, labels: labels, masks: masks)
    }

    /// The output paths of this run.
    var planner: Planner {
        Planner(outputRoot: outputRoot, copies: copies, format: format, skipExisting: skipExisting,
                companions: companions)
    }
}
