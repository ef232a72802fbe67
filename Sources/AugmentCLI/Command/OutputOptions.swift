import ArgumentParser
import Codecs

/// Where and how to write: the output folder, copies, format and encoder settings, what to redo.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder (the input tree is mirrored under it).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("Outputs per input, named <stem>_<k><ext> when more than 1 (at most "
                               + "\(OptionLimits.copies.upperBound)).", valueName: "n"))
    var copies: Int = 1

    @Option(help: ArgumentHelp("Output format.", valueName: "format"))
    var format: OutputFormat = .keep

    @Option(help: ArgumentHelp("JPEG quality 1-100 (default: \(EncodeOptions.defaultQuality)).", valueName: "q"))
    var quality: Int?

    @Option(name: .customLong("png-compression"),
            help: ArgumentHelp("PNG: zlib's full deflate at this level 0-9 (default: adaptive filters + zlib's RLE, "
                               + "measured faster and smaller on photographs).", valueName: "level"))
    var pngCompression: Int?

    @Flag(name: .customLong("skip-existing"), help: "Do not redo outputs that already exist.")
    var skipExisting = false

    @Flag(name: .customLong("no-auto-orient"), help: "Do not apply the JPEG EXIF orientation before the ops.")
    var noAutoOrient = false

    @Option(name: .customLong("max-pixels"),
            help: ArgumentHelp("Refuse images with more pixels (decompression bombs; the default is "
                               + "Pillow's limit).", valueName: "n"))
    var maxPixels: UInt64 = DecodeLimits.pillowBombLimit

    @Flag(help: "Fail inputs the decoder warns about (damaged but decodable) instead of augmenting them.")
    var strict = false

    @Flag(name: .customLong("jpeg-lossless"),
          help: ArgumentHelp("JPEG to JPEG with exact ops only (flips, multiples of 90 degrees, transpose): move the "
                             + "DCT coefficients as jpegtran does, no re-encode, no generation loss. An output that "
                             + "cannot be made so is decoded and encoded as usual; the report says which and why."))
    var jpegLossless = false

    func validate() throws {
        if output == nil { throw ValidationError("missing -o <dir>") }
        try OptionLimits.check(copies, in: OptionLimits.copies, "--copies")
        if let quality { try OptionLimits.check(quality, in: OptionLimits.quality, "--quality") }
        if jpegLossless && quality != nil {
            throw ValidationError("--jpeg-lossless keeps each JPEG's own quantisation (nothing is re-encoded), so it "
                                  + "cannot apply --quality: give one or the other")
        }
        if jpegLossless && format == .png {
            throw ValidationError("--jpeg-lossless writes JPEG from JPEG: it cannot be used with --format png")
        }
        if let l = pngCompression { try OptionLimits.check(l, in: OptionLimits.pngCompression, "--png-compression") }
        try OptionLimits.check(maxPixels, in: OptionLimits.maxPixels, "--max-pixels")
    }
}
