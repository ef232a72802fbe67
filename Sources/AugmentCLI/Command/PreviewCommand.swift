import ArgumentParser
import Codecs

/// `augment preview`: a contact sheet of what a pipeline does, before a run: a few inputs picked by the seed, each
/// with sampled copies rendered by the run's own code path, captioned with their parameters, labels drawn, masks
/// overlaid.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render a contact sheet (PNG) of sampled copies of a few inputs, as a run would make them.",
        usage: "augment preview <input>... -o <sheet.png> [--op <spec>]... [--samples <n>] [--copies <k>] [<options>]",
        discussion: "One row per picked input: the original first, then copies 0..K-1 exactly as a run with the "
            + "same seed makes them (same parameters, same pixels before encoding), each scaled to fit a tile and "
            + "captioned with its sampled ops; labels (--labels) drawn in a colour per class with the class id, masks "
            + "(--masks) as a translucent overlay, and the number of labels a copy dropped in its caption. The ops "
            + "are those of 'augment --help'.")

    @Argument(help: ArgumentHelp("Input files and folders (folders are walked recursively).", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The sheet to write (PNG).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Inputs to show, picked by the seed (at most \(PreviewLimits.samples.upperBound)).",
                               valueName: "n"))
    var samples: Int = 4

    @Option(help: ArgumentHelp("Copies per input (at most \(PreviewLimits.copies.upperBound)).", valueName: "k"))
    var copies: Int = 3

    @Option(help: ArgumentHelp("Tile side in pixels (\(PreviewLimits.tile.lowerBound)-\(PreviewLimits.tile.upperBound)).",
                               valueName: "px"))
    var tile: Int = 256

    @OptionGroup(title: "Ops") var ops: OpOptions
    @OptionGroup(title: "Labels and masks") var labels: LabelOptions

    @Flag(name: .customLong("no-auto-orient"), help: "Do not apply the JPEG EXIF orientation before the ops.")
    var noAutoOrient = false

    @Option(name: .customLong("max-pixels"), help: ArgumentHelp("Refuse images with more pixels.", valueName: "n"))
    var maxPixels: UInt64 = DecodeLimits.pillowBombLimit

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("no inputs: name files or folders") }
        if output == nil { throw ValidationError("missing -o <sheet.png>") }
        try OptionLimits.check(samples, in: PreviewLimits.samples, "--samples")
        try OptionLimits.check(copies, in: PreviewLimits.copies, "--copies")
        try OptionLimits.check(tile, in: PreviewLimits.tile, "--tile")
        try OptionLimits.check(maxPixels, in: OptionLimits.maxPixels, "--max-pixels")
    }

    func run() throws {
        let pipeline = try PipelineSource.load(ops: ops.ops, file: ops.pipeline)
        if labels.labels?.hasPrefix("coco") == true { throw UsageError("preview does not draw COCO labels yet") }
        let (labelSettings, maskSettings, rules, _) = try LabelSource.resolve(labels, pipeline: pipeline)
        let sheet = PreviewSheet(
            roots: inputs.map { Array($0.utf8) }, pipeline: pipeline, seed: ops.seed, fuse: ops.fuse, samples: samples,
            copies: copies, tile: tile, autoOrient: !noAutoOrient, maxPixels: maxPixels, labels: labelSettings,
            masks: maskSettings, rules: rules)
        try sheet.write(to: Array(output!.utf8))
    }
}

/// The bounds of `augment preview`'s options: a sheet stays a picture, not a run.
enum PreviewLimits {
    static let samples = 1...64
    static let copies = 1...16
    static let tile = 32...1024
    /// The sheet's pixels at most (about 300 MB of RGB).
    static let sheetPixels = 100_000_000
}
