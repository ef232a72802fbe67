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

    func validate() throws {
        if !ops.isEmpty && pipeline != nil { throw ValidationError("use --op or --pipeline, not both") }
    }
}
