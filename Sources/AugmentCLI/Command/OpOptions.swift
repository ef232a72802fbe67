import ArgumentParser

/// What to do to each image: the ops (or a pipeline file) and the seed of their random parameters.
struct OpOptions: ParsableArguments {
    @Option(name: .customLong("op"),
            help: ArgumentHelp("An op; repeatable, applied in the order given (see OPS above).", valueName: "spec"))
    var ops: [String] = []

    @Option(help: ArgumentHelp("The ops as a JSON pipeline file (as --dry-run prints it).", valueName: "file"))
    var pipeline: String?

    @Option(help: ArgumentHelp("Seed of the random parameters.", valueName: "n"))
    var seed: UInt64 = 0

    @Flag(help: ArgumentHelp(
        "Compose each run of consecutive affine-type ops (flips, turns, rotate, affine, crop, pad, and resizes that "
            + "shrink by at most 2x) into one matrix and sample it once, with the run's strongest filter: faster and "
            + "sharper, not equal to Pillow's sequence (docs/ops.md). Labels and the report are the same."))
    var fuse = false

    func validate() throws {
        if !ops.isEmpty && pipeline != nil { throw ValidationError("use --op or --pipeline, not both") }
    }
}
