/// A decoded image: row-major, top row first, samples interleaved; 16-bit samples are native-endian.
///
/// A value type backed by a copy-on-write `[UInt8]`: cheap to move, and a worker can keep one buffer
/// and ``reshape(width:height:layout:depth:)`` it for each image so that its memory (and the page
/// faults that first touching it costs) is reused from one image to the next.
public struct PixelBuffer: Sendable, Hashable {
    /// Channel layout; the raw value is the number of channels.
    public enum Layout: UInt8, Sendable, Hashable, CaseIterable, Codable {
        case gray = 1, grayAlpha = 2, rgb = 3, rgba = 4

        /// Number of interleaved samples per pixel.
        @inlinable public var channels: Int { Int(rawValue) }
        /// Whether the last channel is alpha.
        @inlinable public var hasAlpha: Bool { self == .grayAlpha || self == .rgba }
    }

    /// Bits per sample; the raw value is the bit count.
    public enum SampleDepth: UInt8, Sendable, Hashable, CaseIterable, Codable {
        case eight = 8, sixteen = 16

        /// Bytes per sample (1 or 2).
        @inlinable public var bytes: Int { Int(rawValue) / 8 }
    }

    /// Width in pixels.
    public private(set) var width: Int
    /// Height in pixels.
    public private(set) var height: Int
    /// Channel layout.
    public private(set) var layout: Layout
    /// Sample depth.
    public private(set) var depth: SampleDepth
    /// Bytes from the start of one row to the start of the next (here always `width * bytesPerPixel`).
    public private(set) var rowStride: Int
    /// The samples, `rowStride * height` bytes.
    public var bytes: [UInt8] { storage }
    @usableFromInline internal var storage: [UInt8]

    /// Bytes per pixel: channels times bytes per sample.
    @inlinable public var bytesPerPixel: Int { layout.channels * depth.bytes }
    /// Width times height.
    @inlinable public var pixelCount: Int { width * height }

    /// A zero-filled buffer (all samples 0: black, and transparent where there is alpha).
    public init(width: Int, height: Int, layout: Layout, depth: SampleDepth = .eight) {
        precondition(width >= 0 && height >= 0, "PixelBuffer: negative size")
        self.width = width
        self.height = height
        self.layout = layout
        self.depth = depth
        self.rowStride = width * layout.channels * depth.bytes
        self.storage = [UInt8](repeating: 0, count: rowStride * height)
    }

    /// A buffer over existing samples.
    /// - Throws: ``AugmentError/badBufferShape(_:)`` when `bytes` does not hold `width * height` pixels.
    public init(width: Int, height: Int, layout: Layout, depth: SampleDepth = .eight, bytes: [UInt8])
        throws(AugmentError)
    {
        let stride = width * layout.channels * depth.bytes
        guard width >= 0, height >= 0, bytes.count == stride * height else {
            throw .badBufferShape("\(width)x\(height) \(layout) \(depth.rawValue)-bit needs \(stride * height) bytes, got \(bytes.count)")
        }
        self.width = width
        self.height = height
        self.layout = layout
        self.depth = depth
        self.rowStride = stride
        self.storage = bytes
    }

    /// An empty 0x0 buffer, a placeholder to ``reshape(width:height:layout:depth:)`` later.
    public init() { self.init(width: 0, height: 0, layout: .rgb) }

    /// Gives the buffer a new shape, reusing its memory when it is large enough.
    ///
    /// The contents afterwards are unspecified (old bytes or zeros): the caller overwrites every pixel.
    public mutating func reshape(width: Int, height: Int, layout: Layout, depth: SampleDepth) {
        precondition(width >= 0 && height >= 0, "PixelBuffer: negative size")
        let stride = width * layout.channels * depth.bytes
        let needed = stride * height
        self.width = width
        self.height = height
        self.layout = layout
        self.depth = depth
        self.rowStride = stride
        if storage.count > needed {
            storage.removeLast(storage.count - needed)
        } else if storage.count < needed {
            if storage.capacity < needed {
                // Replace rather than grow: the old contents do not matter.
                storage = [UInt8](unsafeUninitializedCapacity: needed) { _, count in count = needed }
            } else {
                storage.append(contentsOf: repeatElement(0, count: needed - storage.count))
            }
        }
    }

    /// Calls `body` with the samples, read-only.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = storage.withUnsafeBytes { raw in Result { () throws(E) in try body(raw) } }
        return try result.get()
    }

    /// Calls `body` with the samples, writable.
    @inlinable
    public mutating func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        let result: Result<R, E> = storage.withUnsafeMutableBytes { raw in Result { () throws(E) in try body(raw) } }
        return try result.get()
    }

    /// Whether two buffers have the same size, layout and depth.
    @inlinable
    public func hasSameShape(as other: PixelBuffer) -> Bool {
        width == other.width && height == other.height && layout == other.layout && depth == other.depth
    }
}
