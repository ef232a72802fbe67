import Augment
import Foundation

/// What every worker needs besides its jobs, passed once through the environment as JSON.
struct WorkerConfig: Codable, Sendable {
    static let environmentKey = "AUGMENT_WORKER_CONFIG"

    var pipeline: Pipeline
    var seed: UInt64
    var format: OutputFormat
    var quality: Int
    var pngLevel: Int?
    var autoOrient: Bool
    var maxPixels: UInt64
    /// Whether results carry the sampled parameters as JSON (only a report needs them).
    var wantParams: Bool = true
    /// `--strict`: an input the decoder warned about (damaged but decodable) fails instead of being augmented.
    var strict: Bool = false

    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    static func fromEnvironment() -> WorkerConfig? {
        guard let text = ProcessInfo.processInfo.environment[environmentKey] else { return nil }
        return try? JSONDecoder().decode(WorkerConfig.self, from: Data(text.utf8))
    }
}

extension SampledPipeline {
    /// The parameters actually sampled, as compact JSON with sorted keys (the report's `params`).
    var reportJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
