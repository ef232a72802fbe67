import Augment
import Codecs
import Glibc

/// Does one item's work inside a worker: decode once, then for each copy sample the parameters, run the
/// pipeline, encode and write atomically. Keeps its codec objects and pixel buffers from one item to the next.
final class ItemProcessor {
    let config: WorkerConfig
    let decoder: Decoder
    /// A second decoder for masks (its state and buffer apart from the image's).
    private let maskDecoder: Decoder
    private let encoder = Encoder()
    /// `--jpeg-lossless`: moves a JPEG's coefficients (its input and output buffers kept from item to item).
    let transformer: JPEGTransformer
    /// The decoded input (the lossless path decodes only when an output needs the pixels).
    var input = PixelBuffer()
    private var output = PixelBuffer()
    private var workspace = Workspace()

    init(config: WorkerConfig) {
        self.config = config
        decoder = Decoder(limits: DecodeLimits(maxPixels: config.maxPixels))
        maskDecoder = Decoder(limits: DecodeLimits(maxPixels: config.maxPixels))
        transformer = JPEGTransformer(limits: DecodeLimits(maxPixels: config.maxPixels))
    }

    func process(_ job: JobMessage) -> ResultMessage {
        #if AUGMENT_FAULT_INJECTION
        FaultInjection.inject(job.input)
        #endif
        let start = MonotonicClock.now()
        func failAll(_ reason: String, warnings: Int = 0, firstWarning: String = "") -> ResultMessage {
            ResultMessage(rows: job.outputs.map {
                .init(copy: $0.copy, error: reason, params: "null", affine: [],
                      milliseconds: (MonotonicClock.now() - start) * 1000, warnings: warnings, firstWarning: firstWarning)
            })
        }
        // With --jpeg-lossless a JPEG's header is read first and its pixels decoded only if an output needs them;
        // otherwise the input is decoded now.
        var source = InputSource(path: job.input)
        if config.jpegLossless {
            do {
                source.header = try transformer.load(file: job.input)
            } catch {
                source.losslessUnavailable = error.code == .unsupported ? "the input is not a JPEG" : error.message
            }
        }
        if source.header == nil, let failure = decodeInput(&source) {
            return failAll(failure, warnings: source.warnings, firstWarning: source.firstWarning)
        }
        let sourceTime = MonotonicClock.now() - start
        let orientation = config.autoOrient ? (source.exifOrientation ?? 1) : 1
        // Labels and masks describe the upright image (after the EXIF orientation), as Ultralytics reads them.
        let upright = Transpose.uprightSize(width: source.width, height: source.height, exifOrientation: orientation)
        let companions = ItemCompanions.read(
            labelPath: job.labelInput, labels: config.labels, maskPath: job.maskInput, masks: config.masks,
            maskDecoder: maskDecoder, image: job.input, upright: upright)
        var labels: ItemLabels?
        switch companions.labels {
        case .success(let l)?: labels = l
        case .failure(let f)?: return failAll(f.description, warnings: source.warnings, firstWarning: source.firstWarning)
        case nil: break
        }
        var coco: ItemCOCO?
        if let settings = config.labels, let job = job.coco {
            switch ItemCOCO.read(job, settings: settings, size: upright) {
            case .success(let c): coco = c
            case .failure(let f):
                return failAll(f.description, warnings: source.warnings, firstWarning: source.firstWarning)
            }
        }
        var mask: ItemMask?
        switch companions.mask {
        case .success(let m)?: mask = m
        case .failure(let f)?: return failAll(f.description, warnings: source.warnings, firstWarning: source.firstWarning)
        case nil: break
        }
        var rows: [ResultMessage.Row] = []
        for (n, out) in job.outputs.enumerated() {
            let t0 = MonotonicClock.now()
            let ops = config.pipeline.sample(seed: config.seed, key: job.relative, copy: out.copy)
            let sampled = ops.withEXIFOrientation(orientation)
            let params = config.wantParams ? sampled.reportJSON : "null"
            var row = ResultMessage.Row(copy: out.copy, error: nil, params: params, affine: [], milliseconds: 0)
            defer {
                // A failed output has no rows in the COCO file.
                if row.error != nil { row.coco = nil }
                row.warnings = source.warnings
                row.firstWarning = source.firstWarning
                // The input's read (or decode) is shared by the copies: count it in the first.
                row.milliseconds = (MonotonicClock.now() - t0 + (n == 0 ? sourceTime : 0)) * 1000
                rows.append(row)
            }
            // An expanded rotation about a far centre can ask for a huge canvas: refuse it like a bomb.
            let size = sampled.outputSize(width: source.width, height: source.height)
            if UInt64(size.width) * UInt64(size.height) > config.maxPixels {
                row.error = "the output would be \(size.width)x\(size.height), over the limit of \(config.maxPixels) pixels"
                continue
            }
            // The companions first (labels, mask), each into place before the image, which is renamed last: an
            // output whose image exists has its label and mask files too.
            var companions: [(JobMessage.File, [UInt8])] = []
            var failure: String?
            if let labels, let file = out.label {
                let opsAffine = ops.affine(width: upright.width, height: upright.height)
                switch labels.render(affine: opsAffine, outputSize: size, outputPath: out.image.path) {
                case .success(let (bytes, counts)):
                    companions.append((file, bytes))
                    row.labels = counts
                case .failure(let f): failure = f.description
                }
            }
            if let coco {
                let opsAffine = ops.affine(width: upright.width, height: upright.height)
                switch coco.render(index: n, copy: out.copy, ops: ops, affine: opsAffine, outputSize: size) {
                case .success(let (cocoRows, counts)):
                    row.coco = cocoRows
                    row.labels = counts
                case .failure(let f): failure = f.description
                }
            }
            if failure == nil, let mask, let file = out.mask {
                switch mask.render(ops, fuse: config.fuse, encoder: encoder, workspace: &workspace) {
                case .success(let bytes): companions.append((file, bytes))
                case .failure(let f): failure = f.description
                }
            }
            let a = sampled.affine(width: source.width, height: source.height)
            row.affine = [a.a, a.b, a.c, a.d, a.e, a.f]
            if let failure {
                row.error = failure
                continue
            }
            if config.jpegLossless {
                switch writeLossless(out, companions: companions, sampled: sampled, source: source) {
                case .written(let writeFailure):
                    row.lossless = writeFailure == nil ? .taken : nil
                    row.error = writeFailure
                    continue
                case .declined(let reason): row.lossless = .declined(reason)
                }
            }
            if let decodeFailure = decodeInput(&source) {
                row.error = decodeFailure
                row.lossless = nil
                continue
            }
            let info = source.info!
            row.error = write(out, companions: companions) { image in
                encodeImage(sampled, info: info, options: encodeOptions(info), to: image)
            }
        }
        return ResultMessage(rows: rows)
    }

    /// The encoder settings of this input's outputs.
    private func encodeOptions(_ info: ImageInfo) -> EncodeOptions {
        var options = config.encode
        options.format =
            switch config.format {
            case .keep: info.format
            case .png: .png
            case .jpeg: .jpeg
            }
        // The pixels are upright now: say so to readers that would otherwise not apply a tag (orientation 1).
        if config.autoOrient && info.exifOrientation != nil { options.exifOrientation = 1 }
        return options
    }

    /// Writes an output's companions, then its image with `image`; on a failure removes what it wrote of this
    /// output. Returns the failure, nil when every file is in place.
    func write(_ out: JobMessage.Output, companions: [(JobMessage.File, [UInt8])],
               image: (JobMessage.File) -> String?) -> String? {
        var placed: [[UInt8]] = []
        func undo() { for path in placed { AtomicFile.remove(path) } }
        for file in out.files.map(\.path) {
            let dir = FileSystem.dirname(file)
            let rc = FileSystem.makeDirectories(dir)
            if rc != 0 { return "cannot create \(FileSystem.display(dir)): \(FileSystem.errorText(rc))" }
        }
        for (file, bytes) in companions {
            let written = bytes.withUnsafeBytes { AtomicFile.write($0, to: file.path, temporary: file.temporary) }
            if case .failure(let error) = written {
                undo()
                return "cannot write \(FileSystem.display(file.path)): \(error)"
            }
            placed.append(file.path)
        }
        if let failure = image(out.image) {
            undo()
            return failure
        }
        return nil
    }

    /// Renders the decoded input through `sampled`, encodes it and writes it to `image`; returns the failure.
    private func encodeImage(_ sampled: SampledPipeline, info: ImageInfo, options: EncodeOptions,
                             to image: JobMessage.File) -> String? {
        let written: Result<Void, AtomicFile.WriteError>
        do {
            // A single rotation pass into JPEG is made 16 rows at a time as the encoder takes them (the same bytes,
            // without the whole output in memory); anything else is made whole, then encoded. The encoded bytes go
            // to the temporary file the parent named, then into place.
            if let bands = sampled.bandRenderer(for: input, workspace: &workspace, fuse: config.fuse),
                Encoder.canEncodeBands(bands, options: options)
            {
                written = try encoder.withEncoded(bands, options: options, icc: info.iccProfile) {
                    AtomicFile.write($0, to: image.path, temporary: image.temporary)
                }
            } else {
                sampled.apply(to: input, into: &output, workspace: &workspace, fuse: config.fuse)
                written = try encoder.withEncoded(output, options: options, icc: info.iccProfile) {
                    AtomicFile.write($0, to: image.path, temporary: image.temporary)
                }
            }
        } catch {
            return "cannot encode \(FileSystem.display(image.path)): \(error.message)"
        }
        if case .failure(let error) = written {
            return "cannot write \(FileSystem.display(image.path)): \(error)"
        }
        return nil
    }
}
