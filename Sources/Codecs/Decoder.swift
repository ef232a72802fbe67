public import Augment
import CCodecs

/// Decodes PNG and JPEG files or bytes into a ``PixelBuffer``, reusing its libjpeg state and input buffer
/// from one image to the next. One decoder serves one thread at a time; make one per worker.
public final class Decoder {
    private let handle: OpaquePointer
    /// The limits applied to every decode.
    public var limits: DecodeLimits

    /// Creates a decoder.
    public init(limits: DecodeLimits = DecodeLimits()) {
        guard let h = ccodecs_decoder_new() else { fatalError("CCodecs: out of memory creating a decoder") }
        handle = h
        self.limits = limits
    }

    deinit { ccodecs_decoder_free(handle) }

    private var cLimits: ccodecs_limits { ccodecs_limits(max_pixels: limits.maxPixels, max_chunk_bytes: limits.maxChunkBytes) }

    /// Decodes the file at `path` (raw bytes, so any file name works) into `buffer`, reshaping it.
    /// - Parameters:
    ///   - mode: what to do with a palette PNG: expand it (the default) or keep its indices (``DecodeMode``).
    /// - Returns: what the decode found; ``ImageInfo/palette`` is set when the pixels are palette indices.
    /// - Throws: ``CodecError`` naming the file and the cause; `buffer` is then unspecified.
    @discardableResult
    public func decode(file path: [UInt8], into buffer: inout PixelBuffer, mode: DecodeMode = .expand)
        throws(CodecError) -> ImageInfo
    {
        var info = ccodecs_info()
        var error = ccodecs_error()
        let display = String(decoding: path, as: UTF8.self)
        ccodecs_decoder_set_keep_indices(handle, mode == .keepIndices ? 1 : 0)
        let status = (path + [0]).withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { c in
                ccodecs_decoder_begin_file(handle, c.baseAddress!, cLimits, &info, &error)
            }
        }
        guard status == CCODECS_OK else { throw CodecError(error, format: nil, path: display) }
        return try finish(info: info, error: &error, into: &buffer, path: display)
    }

    /// Decodes the file at `path` into `buffer`; `mode` as in ``decode(file:into:mode:)-([UInt8],_,_)``.
    @discardableResult
    public func decode(file path: String, into buffer: inout PixelBuffer, mode: DecodeMode = .expand)
        throws(CodecError) -> ImageInfo
    {
        try decode(file: Array(path.utf8), into: &buffer, mode: mode)
    }

    /// Decodes in-memory PNG or JPEG bytes into `buffer`; `mode` as in
    /// ``decode(file:into:mode:)-([UInt8],_,_)``.
    @discardableResult
    public func decode(data: [UInt8], into buffer: inout PixelBuffer, mode: DecodeMode = .expand)
        throws(CodecError) -> ImageInfo
    {
        var info = ccodecs_info()
        var error = ccodecs_error()
        ccodecs_decoder_set_keep_indices(handle, mode == .keepIndices ? 1 : 0)
        // The C decoder keeps a pointer to the bytes between begin and read: keep them alive and still.
        return try data.withUnsafeBufferPointer { bytes in
            Result { () throws(CodecError) -> ImageInfo in
                let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
                guard ccodecs_decoder_begin(handle, base, bytes.count, cLimits, &info, &error) == CCODECS_OK else {
                    throw CodecError(error)
                }
                return try finish(info: info, error: &error, into: &buffer, path: nil)
            }
        }.get()
    }

    /// Decodes a file into a new buffer; `mode` as in ``decode(file:into:mode:)-([UInt8],_,_)``.
    public func decode(file path: String, mode: DecodeMode = .expand) throws(CodecError) -> (PixelBuffer, ImageInfo) {
        var buffer = PixelBuffer()
        let info = try decode(file: path, into: &buffer, mode: mode)
        return (buffer, info)
    }

    /// Decodes bytes into a new buffer; `mode` as in ``decode(file:into:mode:)-([UInt8],_,_)``.
    public func decode(data: [UInt8], mode: DecodeMode = .expand) throws(CodecError) -> (PixelBuffer, ImageInfo) {
        var buffer = PixelBuffer()
        let info = try decode(data: data, into: &buffer, mode: mode)
        return (buffer, info)
    }

    private func finish(info c: ccodecs_info, error: inout ccodecs_error, into buffer: inout PixelBuffer, path: String?) throws(CodecError)
        -> ImageInfo
    {
        let format: ImageFormat = c.format == UInt8(CCODECS_FORMAT_PNG.rawValue) ? .png : .jpeg
        guard let layout = PixelBuffer.Layout(rawValue: c.channels),
            let depth = PixelBuffer.SampleDepth(rawValue: c.bit_depth)
        else {
            ccodecs_decoder_abort(handle)
            throw CodecError(code: .unsupported, format: format, message: "unsupported pixel layout", path: path)
        }
        var icc: [UInt8]?
        if c.icc_length > 0, let p = ccodecs_decoder_icc(handle) {
            icc = Array(UnsafeBufferPointer(start: p, count: Int(c.icc_length)))
        }
        let palette = c.indexed != 0 ? currentPalette() : nil
        buffer.reshape(width: Int(c.width), height: Int(c.height), layout: layout, depth: depth)
        let stride = buffer.rowStride
        let status = buffer.withUnsafeMutableBytes { raw in
            ccodecs_decoder_read(handle, raw.baseAddress!.assumingMemoryBound(to: UInt8.self), stride, raw.count, &error)
        }
        guard status == CCODECS_OK else { throw CodecError(error, format: format, path: path) }
        return ImageInfo(
            format: format, width: Int(c.width), height: Int(c.height), layout: layout, depth: depth,
            exifOrientation: c.exif_orientation == 0 ? nil : Int(c.exif_orientation), iccProfile: icc,
            sourceWasCMYK: c.source_color == 3, sourceWasPalette: c.source_color == 4, interlaced: c.interlaced != 0,
            warnings: Int(error.warnings), firstWarning: error.firstWarningText, palette: palette)
    }

    /// The palette of the image begun, copied out of the C decoder.
    private func currentPalette() -> Palette? {
        var count: UInt32 = 0
        var alphaCount: UInt32 = 0
        var alpha: UnsafePointer<UInt8>?
        guard let rgb = ccodecs_decoder_palette(handle, &count, &alpha, &alphaCount) else { return nil }
        return Palette(
            rgb: Array(UnsafeBufferPointer(start: rgb, count: 3 * Int(count))),
            alpha: alpha.map { Array(UnsafeBufferPointer(start: $0, count: Int(alphaCount))) })
    }

    /// The format of some bytes, from their magic numbers; nil when neither PNG nor JPEG.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        switch bytes.withUnsafeBufferPointer({ ccodecs_sniff($0.baseAddress, $0.count) }) {
        case CCODECS_FORMAT_PNG: return .png
        case CCODECS_FORMAT_JPEG: return .jpeg
        default: return nil
        }
    }
}
