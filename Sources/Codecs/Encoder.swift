public import Augment
import CCodecs

/// Encodes a ``PixelBuffer`` as PNG or JPEG into a reusable output buffer. One encoder serves one thread at a
/// time; make one per worker.
public final class Encoder {
    private let handle: OpaquePointer

    /// Creates an encoder.
    public init() {
        guard let h = ccodecs_encoder_new() else { fatalError("CCodecs: out of memory creating an encoder") }
        handle = h
    }

    deinit { ccodecs_encoder_free(handle) }

    /// Encodes `image` and passes the encoded bytes to `body`; they are valid only inside it.
    /// - Parameters:
    ///   - icc: an ICC profile to embed, or nil.
    /// - Throws: ``CodecError`` (for example an image too large for JPEG).
    public func withEncoded<R>(
        _ image: PixelBuffer, options: EncodeOptions, icc: [UInt8]? = nil,
        _ body: (UnsafeRawBufferPointer) throws(CodecError) -> R
    ) throws(CodecError) -> R {
        try encoding(options: options, icc: icc, body) { opts, iccPtr, iccLength, out, length, error in
            image.withUnsafeBytes { px in
                ccodecs_encode(
                    handle, px.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!,
                    image.rowStride, UInt32(image.width), UInt32(image.height), UInt8(image.layout.channels),
                    image.depth.rawValue, opts, iccPtr, iccLength, out, length, error)
            }
        }
    }

    /// Whether ``withEncoded(_:options:icc:_:)-(BandRenderer,_,_,_)`` can encode `renderer`'s output with
    /// `options`: JPEG from 8-bit gray, RGB or RGBA (alpha dropped, as for a whole image), no palette.
    public static func canEncodeBands(_ renderer: BandRenderer, options: EncodeOptions) -> Bool {
        options.format == .jpeg && options.palette == nil && renderer.depth == .eight
            && [1, 3, 4].contains(renderer.layout.channels)
    }

    /// Encodes `renderer`'s output as JPEG, pulling it 16 rows at a time into a band buffer (the whole image is
    /// never in memory), and passes the encoded bytes to `body`; the bytes are those of encoding the whole
    /// image. Requires ``canEncodeBands(_:options:)``.
    public func withEncoded<R>(
        _ renderer: BandRenderer, options: EncodeOptions, icc: [UInt8]? = nil,
        _ body: (UnsafeRawBufferPointer) throws(CodecError) -> R
    ) throws(CodecError) -> R {
        guard Self.canEncodeBands(renderer, options: options) else {
            throw CodecError(code: .invalid, format: options.format,
                             message: "bands are encoded as JPEG from 8-bit gray, RGB or RGBA only")
        }
        var source = renderer
        let stride = renderer.width * renderer.bytesPerPixel
        return try encoding(options: options, icc: icc, body) { opts, iccPtr, iccLength, out, length, error in
            withUnsafeMutablePointer(to: &source) { context in
                ccodecs_encode_rows(
                    handle,
                    { context, first, count, rows, stride in
                        context!.assumingMemoryBound(to: BandRenderer.self).pointee
                            .render(rows: Int(first)..<Int(first + count), into: rows, stride: stride)
                    }, context, stride, UInt32(renderer.width), UInt32(renderer.height),
                    UInt8(renderer.layout.channels), opts, iccPtr, iccLength, out, length, error)
            }
        }
    }

    /// What both encode paths share: the C options, the output and error slots, the status check, `body`.
    /// `encode` calls the C encoder with them.
    private func encoding<R>(
        options: EncodeOptions, icc: [UInt8]?, _ body: (UnsafeRawBufferPointer) throws(CodecError) -> R,
        _ encode: (UnsafePointer<ccodecs_options>, UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafePointer<UInt8>?>,
                   UnsafeMutablePointer<Int>, UnsafeMutablePointer<ccodecs_error>) -> ccodecs_status
    ) throws(CodecError) -> R {
        var opts = try Self.cOptions(options)
        var out: UnsafePointer<UInt8>?
        var length = 0
        var error = ccodecs_error()
        let status = withOptionalBytes(icc) { iccPtr, iccLength in
            encode(&opts, iccPtr, iccLength, &out, &length, &error)
        }
        guard status == CCODECS_OK, let out else { throw CodecError(error, format: options.format) }
        return try body(UnsafeRawBufferPointer(start: out, count: length))
    }

    private static func cOptions(_ options: EncodeOptions) throws(CodecError) -> ccodecs_options {
        var opts = ccodecs_options()
        opts.format = options.format == .png ? UInt8(CCODECS_FORMAT_PNG.rawValue) : UInt8(CCODECS_FORMAT_JPEG.rawValue)
        opts.png_level = Int32(options.pngLevel)
        opts.png_filters = options.pngFilter.rawValue
        opts.png_strategy = Int32(options.pngStrategy ?? -1)
        opts.jpeg_quality = Int32(options.quality)
        opts.jpeg_subsampling = Int32(options.subsampling.rawValue)
        opts.jpeg_progressive = options.progressive ? 1 : 0
        opts.jpeg_optimize = options.optimizeHuffman ? 1 : 0
        opts.jpeg_exif_orientation = Int32(options.exifOrientation ?? 0)
        if let palette = options.palette {
            let alpha = palette.alpha ?? []
            guard palette.rgb.count % 3 == 0, (1...256).contains(palette.count), alpha.count <= palette.count else {
                throw CodecError(
                    code: .invalid, format: options.format,
                    message: "a palette has 1 to 256 entries of 3 bytes and at most one alpha value each, not "
                        + "\(palette.rgb.count) bytes and \(alpha.count) alpha values")
            }
            opts.palette_count = UInt16(palette.count)
            opts.palette_alpha_count = UInt16(alpha.count)
            withUnsafeMutableBytes(of: &opts.palette) { $0.copyBytes(from: palette.rgb) }
            withUnsafeMutableBytes(of: &opts.palette_alpha) { $0.copyBytes(from: alpha) }
        }
        return opts
    }

    /// Encodes `image` into a new byte array.
    public func encode(_ image: PixelBuffer, options: EncodeOptions, icc: [UInt8]? = nil) throws(CodecError)
        -> [UInt8]
    {
        try withEncoded(image, options: options, icc: icc) { raw in Array(raw) }
    }
}

private func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafePointer<UInt8>?, Int) -> R) -> R {
    guard let bytes, !bytes.isEmpty else { return body(nil, 0) }
    return bytes.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
}
