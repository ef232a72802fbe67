import ArgumentParser

/// The worker processes: how many, how long one item may take, how often a crashed item is retried.
struct WorkerOptions: ParsableArguments {
    @Option(name: .short, help: ArgumentHelp("Worker processes (default: the usable cores).", valueName: "n"))
    var j: Int?

    @Option(name: .customLong("task-timeout"),
            help: ArgumentHelp("Seconds before a worker busy with one item is killed.", valueName: "seconds"))
    var taskTimeout: Double = OptionLimits.defaultTaskTimeout

    @Option(help: ArgumentHelp("Retries of an item whose worker crashed or hung.", valueName: "n"))
    var retries: Int = OptionLimits.defaultRetries

    func validate() throws {
        if let j { try OptionLimits.check(j, in: OptionLimits.workers, "-j") }
        guard taskTimeout.isFinite, OptionLimits.taskTimeout.contains(taskTimeout) else {
            throw ValidationError("--task-timeout must be between 0.1 and 604800 seconds (a week), got \(taskTimeout)")
        }
        try OptionLimits.check(retries, in: OptionLimits.retries, "--retries")
    }
}
