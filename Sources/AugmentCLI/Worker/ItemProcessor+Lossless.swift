import Augment
import Codecs

/// What an item's outputs know of its input: its size and EXIF orientation, from the decode or (with
/// `--jpeg-lossless`) from the JPEG's header; the decoded image once an output needed the pixels.
struct InputSource {
    let path: [UInt8]
    /// The JPEG's header, when `--jpeg-lossless` loaded it (the lossless path is then open).
    var header: JPEGHeader?
    /// Why the lossless path is closed for this input (not a JPEG, malformed markers), when it was tried.
    var losslessUnavailable: String?
    /// The decode's result, once decoded.
    var info: ImageInfo?
    /// The decode's failure, once it failed (every later output fails with it).
    var decodeFailure: String?

    init(path: [UInt8]) { self.path = path }

    var width: Int { header?.width ?? info?.width ?? 0 }
    var height: Int { header?.height ?? info?.height ?? 0 }
    var exifOrientation: Int? { header.map(\.exifOrientation) ?? info?.exifOrientation }
    /// The decoder's warnings (0 while not decoded: a lossless transform stops at any warning).
    var warnings: Int { info?.warnings ?? 0 }
    var firstWarning: String { info?.firstWarning ?? "" }
}

extension ItemProcessor {
    /// What the lossless path did with an output.
    enum LosslessAttempt {
        /// The image was transformed and the output written (or its write failed, with this failure).
        case written(failure: String?)
        /// Not made losslessly, for this reason: the decode path makes it.
        case declined(String)
    }

    /// Decodes the input once (the first output that needs the pixels); returns the failure that fails the output,
    /// nil when the pixels are in ``input``. `--strict` fails an input the decoder warned about.
    func decodeInput(_ source: inout InputSource) -> String? {
        if source.info != nil { return nil }
        if let failure = source.decodeFailure { return failure }
        do {
            let info = try decoder.decode(file: source.path, into: &input)
            source.info = info
            if config.strict && info.warnings > 0 {
                let more = info.warnings > 1 ? " (and \(info.warnings - 1) more warnings)" : ""
                source.decodeFailure = "damaged (--strict): \(info.firstWarning ?? "")" + more
            }
        } catch {
            source.decodeFailure = error.message
        }
        if source.header != nil, let info = source.info, info.width != source.width || info.height != source.height {
            // The geometry was computed from the header: a decoder that disagrees fails the output, never silently.
            source.decodeFailure = "the JPEG decodes to \(info.width)x\(info.height), its header says "
                + "\(source.width)x\(source.height)"
        }
        return source.decodeFailure
    }

    /// Makes the output's image in the DCT domain when every step is exact (the EXIF orientation folded in), the
    /// input is a JPEG and the combined transform is perfect on its MCUs; writes the companions, then the image.
    func writeLossless(_ out: JobMessage.Output, companions: [(JobMessage.File, [UInt8])], sampled: SampledPipeline,
                       source: InputSource) -> LosslessAttempt {
        guard let header = source.header else { return .declined(source.losslessUnavailable ?? "not a JPEG") }
        let transform: Transpose?
        switch sampled.exactness(width: header.width, height: header.height) {
        case .inexact(let op): return .declined("\(op) is not exact (it resamples the pixels)")
        case .exact(let t): transform = t
        }
        if let why = header.imperfection(of: transform) { return .declined(why) }
        do {
            return try transformer.withTransformed(transform) { bytes throws(CodecError) in
                .written(failure: write(out, companions: companions) { image in
                    if case .failure(let error) = AtomicFile.write(bytes, to: image.path, temporary: image.temporary) {
                        return "cannot write \(FileSystem.display(image.path)): \(error)"
                    }
                    return nil
                })
            }
        } catch {
            return .declined(error.message)
        }
    }
}
