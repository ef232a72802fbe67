import Augment
import Codecs
import Glibc

/// Does one item's work inside a worker: decode once, then for each copy sample the parameters, run the
/// pipeline, encode and write atomically. Keeps its codec objects and pixel buffers from one item to the next.
final class ItemProcessor {
    let config: WorkerConfig
    private let decoder: Decoder
    private let encoder = Encoder()
    private var input = PixelBuffer()
    private var output = PixelBuffer()
    private var workspace = Workspace()

    init(config: WorkerConfig) {
        self.config = config
        decoder = Decoder(limits: DecodeLimits(maxPixels: config.maxPixels))
    }


    func process(_ job: JobMessage) -> ResultMessage {
        #if AUGMENT_FAULT_INJECTION
        FaultInjection.inject(job.input)
        #endif
        let start = MonotonicClock.now()
        let info: ImageInfo
        do {
            info = try decoder.decode(file: job.input, into: &input)
        } catch {
            let reason = error.message
            return ResultMessage(rows: job.outputs.map {
                .init(copy: $0.copy, error: reason, params: "null", affine: [], milliseconds: (MonotonicClock.now() - start) * 1000)
            })
        }
        let decodeTime = MonotonicClock.now() - start
        let warnings = info.warnings, firstWarning = info.firstWarning ?? ""
        if config.strict && warnings > 0 {
            let reason = "damaged (--strict): \(firstWarning)" + (warnings > 1 ? " (and \(warnings - 1) more warnings)" : "")
            return ResultMessage(rows: job.outputs.map {
                .init(copy: $0.copy, error: reason, params: "null", affine: [], milliseconds: decodeTime * 1000,
                      warnings: warnings, firstWarning: firstWarning)
            })
        }
        let orientation = config.autoOrient ? (info.exifOrientation ?? 1) : 1
        var rows: [ResultMessage.Row] = []
        for (n, out) in job.outputs.enumerated() {
            let t0 = MonotonicClock.now()
            let sampled = config.pipeline.sample(seed: config.seed, key: job.relative, copy: out.copy)
                .withEXIFOrientation(orientation)
            let params = config.wantParams ? sampled.reportJSON : "null"
            // An expanded rotation about a far centre can ask for a huge canvas: refuse it like a bomb.
            let size = sampled.outputSize(width: input.width, height: input.height)
            if UInt64(size.width) * UInt64(size.height) > config.maxPixels {
                rows.append(.init(copy: out.copy, error: "the output would be \(size.width)x\(size.height), over the "
                                  + "limit of \(config.maxPixels) pixels", params: params,
                                  affine: [], milliseconds: (MonotonicClock.now() - t0) * 1000, warnings: warnings,
                                  firstWarning: firstWarning))
                continue
            }
            let format: ImageFormat =
                switch config.format {
                case .keep: info.format
                case .png: .png
                case .jpeg: .jpeg
                }
            var options = config.encode
            options.format = format
            // The pixels are upright now: say so to readers that would otherwise not apply a tag (orientation 1).
            if config.autoOrient && info.exifOrientation != nil { options.exifOrientation = 1 }
            var failure: String?
            let dir = FileSystem.dirname(out.path)
            let rc = FileSystem.makeDirectories(dir)
            if rc != 0 {
                failure = "cannot create \(FileSystem.display(dir)): \(FileSystem.errorText(rc))"
            } else {
                let written: Result<Void, AtomicFile.WriteError>
                do {
                    // A single rotation pass into JPEG is made 16 rows at a time as the encoder takes them (the
                    // same bytes, without the whole output in memory); anything else is made whole, then encoded.
                    // The encoded bytes go to the temporary file the parent named, then into place.
                    if let bands = sampled.bandRenderer(for: input, workspace: &workspace),
                        Encoder.canEncodeBands(bands, options: options)
                    {
                        written = try encoder.withEncoded(bands, options: options, icc: info.iccProfile) {
                            AtomicFile.write($0, to: out.path, temporary: out.temporary)
                        }
                    } else {
                        sampled.apply(to: input, into: &output, workspace: &workspace)
                        written = try encoder.withEncoded(output, options: options, icc: info.iccProfile) {
                            AtomicFile.write($0, to: out.path, temporary: out.temporary)
                        }
                    }
                    if case .failure(let error) = written {
                        failure = "cannot write \(FileSystem.display(out.path)): \(error)"
                    }
                } catch {
                    failure = "cannot encode \(FileSystem.display(out.path)): \(error.message)"
                }
            }
            let a = sampled.affine(width: input.width, height: input.height)
            // The decode is shared by the copies: count it in the first.
            let ms = (MonotonicClock.now() - t0 + (n == 0 ? decodeTime : 0)) * 1000
            rows.append(.init(copy: out.copy, error: failure, params: params, affine: [a.a, a.b, a.c, a.d, a.e, a.f],
                              milliseconds: ms, warnings: warnings, firstWarning: firstWarning))
        }
        return ResultMessage(rows: rows)
    }
}
