import ArgumentParser

/// What to read: the inputs, a list of them, globs, and the shard of this run.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Input files and folders (folders are walked recursively).", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .customLong("from-list"),
            help: ArgumentHelp("Read input paths from a file ('-': standard input).", valueName: "file"))
    var fromList: String?

    @Flag(help: "--from-list (and --failed) entries are NUL-separated.")
    var null = false

    @Option(help: ArgumentHelp("Only files matching a glob (the name, or the relative path if it has a /); repeatable.",
                               valueName: "glob"))
    var include: [String] = []

    @Option(help: ArgumentHelp("Skip files matching a glob; repeatable.", valueName: "glob"))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("Process only shard I of N: I/N, auto (a whole Slurm job array) or auto/N (a Kubernetes "
                               + "Indexed Job, or any part of a Slurm job array).", valueName: "I/N|auto|auto/N"))
    var shard: String?

    func validate() throws {
        if inputs.isEmpty && fromList == nil { throw ValidationError("no inputs: name files or folders, or --from-list") }
    }
}
