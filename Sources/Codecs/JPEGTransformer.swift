public import Augment
import CCodecs

/// Flips and quarter turns of a JPEG in the DCT domain, as `jpegtran -perfect` does (libjpeg-turbo's
/// `tjTransform`): the quantised coefficients move, nothing is decoded to pixels or quantised again, so there is
/// no generation loss. Keeps its input and output buffers from one image to the next; one transformer serves one
/// thread at a time.
///
/// Only *perfect* transforms are made: where the image is not a whole number of MCUs along an axis that the
/// transform moves, the partial edge blocks would land inside the image, and the transform fails
/// (``JPEGHeader/imperfection(of:)`` says so beforehand) instead of trimming the edge.
public final class JPEGTransformer {
    private let handle: OpaquePointer
    /// The limits checked when a JPEG is loaded (the pixel count).
    public var limits: DecodeLimits

    /// Creates a transformer.
    public init(limits: DecodeLimits = DecodeLimits()) {
        guard let h = ccodecs_transformer_new() else { fatalError("CCodecs: out of memory creating a transformer") }
        handle = h
        self.limits = limits
    }

    deinit { ccodecs_transformer_free(handle) }

    private var cLimits: ccodecs_limits {
        ccodecs_limits(max_pixels: limits.maxPixels, max_chunk_bytes: limits.maxChunkBytes)
    }

    /// Reads the JPEG file at `path` (raw bytes, so any file name works) and its header; nothing is decoded.
    /// - Throws: ``CodecError``: ``CodecError/Code/unsupported`` when the file is not a JPEG,
    ///   ``CodecError/Code/corrupt`` for malformed markers, ``CodecError/Code/tooLarge`` over ``limits``,
    ///   ``CodecError/Code/io``.
    public func load(file path: [UInt8]) throws(CodecError) -> JPEGHeader {
        var header = ccodecs_jpeg_header()
        var error = ccodecs_error()
        let status = (path + [0]).withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { c in
                ccodecs_transformer_load_file(handle, c.baseAddress!, cLimits, &header, &error)
            }
        }
        guard status == CCODECS_OK else {
            throw CodecError(error, format: .jpeg, path: String(decoding: path, as: UTF8.self))
        }
        return JPEGHeader(header)
    }

    /// Reads a JPEG from memory (copied); as ``load(file:)``.
    public func load(data: [UInt8]) throws(CodecError) -> JPEGHeader {
        var header = ccodecs_jpeg_header()
        var error = ccodecs_error()
        let status = data.withUnsafeBufferPointer { b in
            ccodecs_transformer_load(handle, b.baseAddress, b.count, cLimits, &header, &error)
        }
        guard status == CCODECS_OK else { throw CodecError(error, format: .jpeg) }
        return JPEGHeader(header)
    }

    /// Transforms the loaded JPEG by `t` and passes the new file's bytes to `body`; they are valid only inside it.
    ///
    /// Every marker is kept (EXIF, ICC profile, comments); the EXIF orientation, if any, is set to 1 (fold it into
    /// `t` first: ``SampledPipeline/exactness(width:height:)`` does); a progressive file stays progressive; the
    /// Huffman tables are the standard ones. Decoded, the output's pixels may differ by a few levels (up to 3
    /// seen) from the input's decoded pixels transformed: chroma upsampling and IDCT rounding are not
    /// mirror-symmetric.
    /// - Parameter t: The transform, named and directed as Pillow's (``Transpose/rotate90`` is counter-clockwise);
    ///   `nil` copies the coefficients unchanged.
    /// - Throws: ``CodecError``: ``CodecError/Code/unsupported`` when the transform is not perfect (see
    ///   ``JPEGHeader/imperfection(of:)``) or TurboJPEG cannot tell the subsampling, ``CodecError/Code/corrupt``
    ///   at any warning or error in the data (damaged files are left to the decoder), ``CodecError/Code/invalid``
    ///   without a load.
    public func withTransformed<R>(_ t: Transpose?, _ body: (UnsafeRawBufferPointer) throws(CodecError) -> R)
        throws(CodecError) -> R
    {
        var out: UnsafePointer<UInt8>?
        var length = 0
        var error = ccodecs_error()
        guard ccodecs_transformer_apply(handle, Self.operation(t), &out, &length, &error) == CCODECS_OK, let out else {
            throw CodecError(error, format: .jpeg)
        }
        return try body(UnsafeRawBufferPointer(start: out, count: length))
    }

    /// Transforms the loaded JPEG by `t` into a new byte array; as ``withTransformed(_:_:)``.
    public func transformed(_ t: Transpose?) throws(CodecError) -> [UInt8] {
        try withTransformed(t) { raw in Array(raw) }
    }

    /// TurboJPEG's operation for Pillow's transform: TurboJPEG turns clockwise, Pillow counter-clockwise.
    static func operation(_ t: Transpose?) -> ccodecs_xform {
        switch t {
        case nil: return CCODECS_XFORM_NONE
        case .flipLeftRight: return CCODECS_XFORM_HFLIP
        case .flipTopBottom: return CCODECS_XFORM_VFLIP
        case .transpose: return CCODECS_XFORM_TRANSPOSE
        case .transverse: return CCODECS_XFORM_TRANSVERSE
        case .rotate90: return CCODECS_XFORM_ROT270_CW
        case .rotate180: return CCODECS_XFORM_ROT180
        case .rotate270: return CCODECS_XFORM_ROT90_CW
        }
    }
}
