import ArgumentParser

/// What the run tells: the report, the failed list, the plan, and how much goes to standard error.
struct ReportingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("JSON Lines report, a row per output in input order ('-': standard output).",
                               valueName: "file"))
    var report: String?

    @Option(help: ArgumentHelp("The failed inputs, one per line; feed it back with --from-list.", valueName: "file"))
    var failed: String?

    @Flag(name: .customLong("dry-run"), help: "Print the pipeline and the plan; write nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print a line per item.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
    }

    /// How much goes to standard error.
    var verbosity: Progress.Verbosity { quiet ? .quiet : verbose ? .verbose : .normal }
}
