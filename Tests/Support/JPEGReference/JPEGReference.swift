import Augment
import Foundation
import JPEGCoefficients

/// What the lossless-transform tests compare against: `jpegtran` (Debian's libjpeg-turbo-progs) and a JPEG's DCT
/// coefficients read through libjpeg.
public enum JPEGReference {
    /// The `jpegtran` on the PATH, nil when there is none (the tests that need it are then skipped).
    public static let jpegtran: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/jpegtran" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    /// Whether `jpegtran` is installed (`apt-get install libjpeg-turbo-progs`; scripts/lib/common.sh's ensure_deps).
    public static var jpegtranAvailable: Bool { jpegtran != nil }

    /// jpegtran's arguments for Pillow's transform: jpegtran turns clockwise, Pillow counter-clockwise.
    public static func arguments(_ t: Transpose?) -> [String] {
        switch t {
        case nil: return []
        case .flipLeftRight: return ["-flip", "horizontal"]
        case .flipTopBottom: return ["-flip", "vertical"]
        case .rotate90: return ["-rotate", "270"]
        case .rotate180: return ["-rotate", "180"]
        case .rotate270: return ["-rotate", "90"]
        case .transpose: return ["-transpose"]
        case .transverse: return ["-transverse"]
        }
    }

    /// `jpegtran -perfect -copy all <transform> file`'s output, nil when jpegtran fails (an imperfect transform).
    public static func jpegtranPerfect(_ t: Transpose?, file: String) throws -> [UInt8]? {
        guard let jpegtran else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: jpegtran)
        process.arguments = ["-perfect", "-copy", "all"] + arguments(t) + [file]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? [UInt8](data) : nil
    }

    /// The quantised DCT coefficients of every component (the blocks inside the image, natural order), then the
    /// quantisation table of each component.
    public static func coefficients(_ jpeg: [UInt8]) throws -> [Int16] {
        var message = [CChar](repeating: 0, count: 200)
        let count = jpeg.withUnsafeBufferPointer { jpeg_coefficients_read($0.baseAddress!, $0.count, nil, 0, &message) }
        guard count >= 0 else { throw Failure(message: Self.text(message)) }
        var values = [Int16](repeating: 0, count: count)
        let read = jpeg.withUnsafeBufferPointer { b in
            values.withUnsafeMutableBufferPointer { jpeg_coefficients_read(b.baseAddress!, b.count, $0.baseAddress, count, &message) }
        }
        guard read == count else { throw Failure(message: Self.text(message)) }
        return values
    }

    /// The NUL-terminated message libjpeg wrote into `buffer`.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A libjpeg failure.
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
