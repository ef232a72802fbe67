import ArgumentParser
import Codecs

/// The default and the allowed range of every numeric option, in one place: the options' declarations, their
/// help and ``validate()``'s messages all read them from here.
enum OptionLimits {
    /// `--copies`: each output is a file; beyond this a run is a mistake (and it bounds a run's outputs per input).
    static let copies = 1...10_000
    /// `-j`: an absolute bound; a run also starts at most ``WorkerCount/maximumPerCore`` per usable core.
    static let workers = 1...4096
    /// `--quality` (the default is the encoder's, ``EncodeOptions/defaultQuality``).
    static let quality = 1...100
    /// `--png-compression` (zlib levels).
    static let pngCompression = 0...9
    /// `--task-timeout` in seconds: a tenth of a second to a week.
    static let taskTimeout = 0.1...604_800.0
    static let defaultTaskTimeout = 60.0
    /// `--retries` of an item whose worker crashed or hung.
    static let retries = 0...100
    static let defaultRetries = 1
    /// `--max-pixels`: up to 2^31 (a 46341x46341 image; 16-bit RGBA is then 16 GiB). The default is Pillow's
    /// bomb limit, ``DecodeLimits/pillowBombLimit``.
    static let maxPixels: ClosedRange<UInt64> = 1...(1 << 31)

    /// Throws a usage message naming the option and its range when `value` is outside it.
    static func check<T: Comparable>(_ value: T, in range: ClosedRange<T>, _ option: String) throws(ValidationError) {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
    }
}
