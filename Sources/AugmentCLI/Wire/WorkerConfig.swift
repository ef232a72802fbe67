import Augment
import Codecs
import Foundation

/// What every worker needs besides its jobs, passed once through the environment as JSON.
struct WorkerConfig: Codable, Sendable {
    static let environmentKey = "AUGMENT_WORKER_CONFIG"

    var pipeline: Pipeline
    var seed: UInt64
    var format: OutputFormat
    /// The encoder settings of every output (decided once by the parent); the worker sets the format and the
    /// EXIF orientation per output.
    var encode: EncodeOptions
    var autoOrient: Bool
    var maxPixels: UInt64
    /// Whether results carry the sampled parameters as JSON (only a report needs them).
    var wantParams: Bool = true
    /// `--strict`: an input the decoder warned about (damaged but decodable) fails instead of being augmented.
    var strict: Bool = false
    /// `--jpeg-lossless`: a JPEG output of exact ops is made in the DCT domain where the transform is perfect.
    var jpegLossless: Bool = false
    /// `--fuse`: each run of consecutive affine-type ops is composed and sampled once (image and mask alike).
    var fuse: Bool = false
    /// How labels are transformed (nil: the run has none).
    var labels: LabelSettings? = nil
    /// How masks are transformed (nil: the run has none).
    var masks: MaskSettings? = nil

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
