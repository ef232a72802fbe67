import Augment
import Codecs
import Labels
import Preview

/// Makes a contact sheet: picks inputs by the seed, renders the original and each copy as a run would (the same
/// sampled parameters, `SampledPipeline.apply`, labels through `LabelTransform`, masks through their nearest
/// warp), scales them into tiles, draws captions, labels and masks, and writes the PNG atomically.
struct PreviewSheet {
    let roots: [[UInt8]]
    let pipeline: Pipeline
    let seed: UInt64
    /// `--fuse`: copies rendered with each run of affine-type ops sampled once, as a run with `--fuse` makes them.
    var fuse = false
    let samples: Int, copies: Int, tile: Int
    let autoOrient: Bool
    let maxPixels: UInt64
    let labels: LabelSettings?
    let masks: MaskSettings?
    let rules: CompanionRules

    static let background = RGB(24, 24, 24), captionColor = RGB(230, 230, 230), dropColor = RGB(255, 120, 80)

    /// The inputs shown: the `samples` items whose hash of (seed, relative path) is smallest, in input order.
    func pick() throws(UsageError) -> [InputItem] {
        for root in roots where FileSystem.kind(root).0 == .missing {
            throw UsageError("input \(FileSystem.display(root)): \(FileSystem.errorText(FileSystem.kind(root).1))")
        }
        var walk = InputWalk(roots: roots, filter: ItemFilter())
        var chosen: [(hash: UInt64, order: Int, item: InputItem)] = []
        var order = 0
        let seedBytes = withUnsafeBytes(of: seed.littleEndian) { Array($0) }
        while let entry = walk.next() {
            guard case .item(let item) = entry else { continue }
            let hash = Shard.hash(seedBytes + item.relative)
            chosen.append((hash, order, item))
            order += 1
            if chosen.count > samples {
                chosen.sort { $0.hash < $1.hash }
                chosen.removeLast()
            }
        }
        guard !chosen.isEmpty else { throw UsageError("no image among the inputs") }
        return chosen.sorted { $0.order < $1.order }.map(\.item)
    }

    func write(to path: [UInt8]) throws {
        let items = try pick()
        let layout = SheetLayout(rows: items.count, columns: copies + 1, tile: tile)
        guard layout.width * layout.height <= PreviewLimits.sheetPixels else {
            throw UsageError("the sheet would be \(layout.width)x\(layout.height), over \(PreviewLimits.sheetPixels) "
                             + "pixels: fewer --samples, --copies or a smaller --tile")
        }
        var canvas = Canvas(width: layout.width, height: layout.height, background: Self.background)
        let decoder = Decoder(limits: DecodeLimits(maxPixels: maxPixels))
        let maskDecoder = Decoder(limits: DecodeLimits(maxPixels: maxPixels))
        let encoder = Encoder()
        var workspace = Workspace()
        let planner = Planner(outputRoot: [], copies: copies, format: .keep, skipExisting: false, companions: rules)
        for (row, item) in items.enumerated() {
            var input = PixelBuffer()
            let info: ImageInfo
            do {
                info = try decoder.decode(file: item.path, into: &input)
            } catch {
                caption(&canvas, layout, row: row, column: 0, ["cannot read: " + error.message], color: Self.dropColor)
                continue
            }
            let orientation = autoOrient ? (info.exifOrientation ?? 1) : 1
            let upright = Transpose.uprightSize(width: input.width, height: input.height, exifOrientation: orientation)
            let work = planner.workItem(item, copies: 0..<1)
            let companions = ItemCompanions.read(
                labelPath: work.labelInput.flatMap { $0.isEmpty ? nil : $0 }, labels: labels,
                maskPath: work.maskInput, masks: masks, maskDecoder: maskDecoder, image: item.path, upright: upright)
            let itemLabels = try? companions.labels?.get(), itemMask = try? companions.mask?.get()
            func failure<T>(_ r: Result<T, ItemFailure>?) -> String? {
                if case .failure(let f)? = r { return f.description }
                return nil
            }
            let labelError = failure(companions.labels), maskError = failure(companions.mask)
            for column in 0...copies {
                // Column 0: the original, upright; then copy k = column - 1, exactly as a run samples it.
                let ops = column == 0 ? SampledPipeline(ops: []) : pipeline.sample(seed: seed, key: item.relative, copy: column - 1)
                let sampled = ops.withEXIFOrientation(orientation)
                let size = sampled.outputSize(width: input.width, height: input.height)
                guard UInt64(size.width) * UInt64(size.height) <= maxPixels else {
                    caption(&canvas, layout, row: row, column: column, ["over --max-pixels"], color: Self.dropColor)
                    continue
                }
                var output = PixelBuffer()
                sampled.apply(to: input, into: &output, workspace: &workspace, fuse: fuse)
                let scale = Thumbnail.scale(width: output.width, height: output.height, box: tile)
                let place = layout.placement(row: row, column: column, width: output.width, height: output.height,
                                             scale: scale)
                canvas.blit(Thumbnail.make(output, scale: scale), x: place.x, y: place.y)
                if let itemMask {
                    var mask = PixelBuffer()
                    ops.forMask(fill: itemMask.fill).apply(to: itemMask.pixels, into: &mask, workspace: &workspace,
                                                           fuse: fuse)
                    canvas.overlay(mask: mask, on: place)
                }
                var lines = [column == 0 ? "\(String(decoding: FileSystem.basename(item.path), as: UTF8.self)) "
                                + "\(output.width)x\(output.height)" : "#\(column - 1) " + Self.caption(ops)]
                var color = Self.captionColor
                if let itemLabels {
                    let transform = itemLabels.settings.transform(
                        affine: ops.affine(width: upright.width, height: upright.height), outputSize: size)
                    if let result = try? transform.apply(itemLabels.objects) {
                        canvas.draw(result.objects, on: place)
                        lines.append("\(result.outputCount) labels" + (result.droppedCount > 0 ? ", dropped \(result.droppedCount)" : ""))
                        if result.droppedCount > 0 { color = Self.dropColor }
                    }
                } else if let problem = labelError ?? maskError {
                    lines.append(problem)
                    color = Self.dropColor
                }
                caption(&canvas, layout, row: row, column: column, lines, color: color)
            }
        }
        let bytes = try encoder.encode(canvas.image, options: EncodeOptions(format: .png))
        let dir = FileSystem.dirname(path)
        let made = FileSystem.makeDirectories(dir)
        guard made == 0 else { throw UsageError("cannot create \(FileSystem.display(dir)): \(FileSystem.errorText(made))") }
        let written = bytes.withUnsafeBytes { AtomicFile.write($0, to: path, temporary: AtomicFile.temporaryPath(for: path)) }
        if case .failure(let error) = written { throw UsageError("cannot write \(FileSystem.display(path)): \(error)") }
    }

    /// A copy's sampled ops, short: angles to a tenth of a degree, keys only where not the default.
    static func caption(_ ops: SampledPipeline) -> String {
        guard !ops.ops.isEmpty else { return "(no op)" }
        return ops.ops.map { op -> String in
            guard case .rotate(let r) = op else { return op.description }
            var s = "rotate=\((r.degrees * 10).rounded() / 10)"
            if r.expand { s += ",expand" }
            if r.crop != .none { s += ",\(r.crop)" }
            return s
        }.joined(separator: " ")
    }

    /// Up to two caption lines under a tile, cut to the tile's width.
    private func caption(_ canvas: inout Canvas, _ layout: SheetLayout, row: Int, column: Int, _ lines: [String],
                         color: RGB) {
        let (x, y) = layout.origin(row: row, column: column)
        let fit = max(1, layout.tile / 6)
        for (i, line) in lines.prefix(2).enumerated() {
            let text = line.count > fit ? String(line.prefix(fit - 1)) + "~" : line
            canvas.text(text, x: x, y: y + layout.tile + 3 + i * 9, i == 0 ? Self.captionColor : color)
        }
    }
}
