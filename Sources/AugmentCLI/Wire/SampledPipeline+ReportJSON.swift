import Augment
import Foundation

extension SampledPipeline {
    /// The parameters actually sampled, as compact JSON with sorted keys (the report's `params`).
    var reportJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
