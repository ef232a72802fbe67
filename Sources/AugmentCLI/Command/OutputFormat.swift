import ArgumentParser

/// `--format`: the container of the outputs.
enum OutputFormat: String, Sendable, CaseIterable, Codable, ExpressibleByArgument {
    /// Each output in its input's format.
    case keep
    case png
    case jpeg
}
