import Augment
import Glibc
import Labels

/// An item's labels in the worker: read once from the input's label file (in the upright frame: Ultralytics' labels
/// describe the image after its EXIF orientation), then transformed for each output with the ops' affine.
struct ItemLabels {
    /// What was read, by format.
    enum Content {
        /// YOLO rows as engine objects.
        case yolo([LabelObject])
        /// A Pascal VOC annotation, kept whole to be written back with its fields.
        case voc(VOCAnnotation)
    }

    let settings: LabelSettings
    let content: Content

    /// The objects read, in the engine's shapes (a preview draws them).
    var objects: [LabelObject] {
        switch content {
        case .yolo(let objects): objects
        case .voc(let annotation): annotation.objects
        }
    }

    /// Reads and parses `path` for an upright image of `width x height`. A missing YOLO file is an image without
    /// objects (a background image); a missing VOC annotation fails the item, as does a VOC `size` other than the
    /// image's. Any other failure is the item's, with the file, the line and the cause.
    static func read(_ path: [UInt8], settings: LabelSettings, width: Int, height: Int) -> Result<ItemLabels, ItemFailure> {
        let shown = FileSystem.display(path)
        let bytes: [UInt8]
        switch FileSystem.readFile(path, limit: 256 << 20) {
        case .success(let b): bytes = b
        case .failure(let e) where e.errno == ENOENT && settings.format != .voc: bytes = []
        case .failure(let e): return .failure(ItemFailure("cannot read the labels \(shown): \(e)"))
        }
        do {
            guard let yolo = settings.format.yolo else {
                let annotation = try VOCAnnotation.parse(bytes)
                if let size = annotation.size, size != (width, height) {
                    throw LabelError(.sizeMismatch, "<size> says \(size.width)x\(size.height) but the image is "
                                     + "\(width)x\(height) (upright)")
                }
                return .success(ItemLabels(settings: settings, content: .voc(annotation)))
            }
            let objects = try YOLO.parse(bytes, format: yolo, width: width, height: height)
            return .success(ItemLabels(settings: settings, content: .yolo(objects)))
        } catch {
            return .failure(ItemFailure("labels \(shown): \(error)"))
        }
    }

    /// The label file of an output named `outputPath`: every object through `affine` onto a canvas of `size`,
    /// clipped and filtered.
    func render(affine: Affine, outputSize size: (width: Int, height: Int), outputPath: [UInt8])
        -> Result<([UInt8], LabelCounts), ItemFailure>
    {
        do {
            let transform = settings.transform(affine: affine, outputSize: size)
            switch content {
            case .yolo(let objects):
                let result = try transform.apply(objects)
                let counts = LabelCounts(read: result.inputCount, written: result.outputCount, dropped: result.droppedCount)
                return .success((YOLO.write(result.objects, width: size.width, height: size.height), counts))
            case .voc(let annotation):
                let name = String(decoding: FileSystem.basename(outputPath), as: UTF8.self)
                let (out, result) = try annotation.transformed(by: transform, filename: name)
                let counts = LabelCounts(read: result.inputCount, written: result.outputCount, dropped: result.droppedCount)
                return .success((out.xmlBytes(), counts))
            }
        } catch {
            return .failure(ItemFailure("labels: \(error)"))
        }
    }
}

/// Why an item or one of its outputs failed, as the report says it.
struct ItemFailure: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
