/// Fixed-size pixel types for the byte-moving kernels: one type per bytes-per-pixel, so that a generic
/// kernel specialised on it copies a whole pixel with one or two loads and stores.

/// A 3-byte pixel (RGB8).
@usableFromInline
struct Pixel3: BitwiseCopyable {
    @usableFromInline var low: UInt16
    @usableFromInline var high: UInt8
}

/// A 6-byte pixel (RGB16).
@usableFromInline
struct Pixel6: BitwiseCopyable {
    @usableFromInline var low: UInt32
    @usableFromInline var high: UInt16
}

/// The bytes-per-pixel values a buffer can have: 1, 2, 3, 4, 6 and 8.
@usableFromInline
enum PixelSize {
    /// Calls the right specialisation of a byte-moving kernel for `bytesPerPixel`.
    @inlinable
    static func dispatch<K: PixelKernel>(_ bytesPerPixel: Int, _ kernel: K) {
        switch bytesPerPixel {
        case 1: kernel.run(UInt8.self)
        case 2: kernel.run(UInt16.self)
        case 3: kernel.run(Pixel3.self)
        case 4: kernel.run(UInt32.self)
        case 6: kernel.run(Pixel6.self)
        case 8: kernel.run(UInt64.self)
        default: preconditionFailure("unsupported bytes per pixel \(bytesPerPixel)")
        }
    }
}

/// A kernel that moves whole pixels of type `P` (its size is the buffer's bytes per pixel).
@usableFromInline
protocol PixelKernel {
    func run<P: BitwiseCopyable>(_ pixel: P.Type)
}

extension UnsafeRawPointer {
    /// Loads the pixel at `offset` bytes (no alignment needed).
    @inline(__always) @usableFromInline
    func pixel<P: BitwiseCopyable>(at offset: Int, as type: P.Type) -> P {
        loadUnaligned(fromByteOffset: offset, as: P.self)
    }
}

/// Sample types the interpolating kernels are generic over.
@usableFromInline
protocol Sample: FixedWidthInteger & UnsignedInteger & BitwiseCopyable {
    /// The largest sample value as a `Double` (255 or 65535).
    static var maxDouble: Double { get }
}

extension UInt8: Sample {
    @inlinable static var maxDouble: Double { 255 }
}

extension UInt16: Sample {
    @inlinable static var maxDouble: Double { 65535 }
}

/// A channel count known at compile time, so per-band loops unroll after specialisation.
@usableFromInline
protocol ChannelCount {
    static var count: Int { get }
}

@usableFromInline enum Channels1: ChannelCount {
    @inlinable static var count: Int { 1 }
}

@usableFromInline enum Channels2: ChannelCount {
    @inlinable static var count: Int { 2 }
}

@usableFromInline enum Channels3: ChannelCount {
    @inlinable static var count: Int { 3 }
}

@usableFromInline enum Channels4: ChannelCount {
    @inlinable static var count: Int { 4 }
}

/// A kernel generic over the sample type and the channel count.
@usableFromInline
protocol SampleKernel {
    func run<T: Sample, C: ChannelCount>(_ sample: T.Type, _ channels: C.Type)
}

extension PixelBuffer {
    /// Calls the specialisation of `kernel` for this buffer's depth and layout.
    @inlinable
    func dispatchSamples<K: SampleKernel>(_ kernel: K) {
        switch (depth, layout) {
        case (.eight, .gray): kernel.run(UInt8.self, Channels1.self)
        case (.eight, .grayAlpha): kernel.run(UInt8.self, Channels2.self)
        case (.eight, .rgb): kernel.run(UInt8.self, Channels3.self)
        case (.eight, .rgba): kernel.run(UInt8.self, Channels4.self)
        case (.sixteen, .gray): kernel.run(UInt16.self, Channels1.self)
        case (.sixteen, .grayAlpha): kernel.run(UInt16.self, Channels2.self)
        case (.sixteen, .rgb): kernel.run(UInt16.self, Channels3.self)
        case (.sixteen, .rgba): kernel.run(UInt16.self, Channels4.self)
        }
    }
}
