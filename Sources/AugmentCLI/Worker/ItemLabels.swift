import Augment
import Glibc
import Labels

/// An item's labels in the worker: read once from the input's label file (in the upright frame: Ultralytics' labels
/// describe the image after its EXIF orientation), then transformed for each output with the ops' affine.
struct ItemLabels {
    let settings: LabelSettings
    let objects: [LabelObject]

    /// Reads and parses `path` for an upright image of `width x height`. A missing file is an image without
    /// objects (a background image); any other failure is the item's, with the file, the line and the cause.
    static func read(_ path: [UInt8], settings: LabelSettings, width: Int, height: Int) -> Result<ItemLabels, ItemFailure> {
        let shown = FileSystem.display(path)
        let bytes: [UInt8]
        switch FileSystem.readFile(path, limit: 256 << 20) {
        case .success(let b): bytes = b
        case .failure(let e) where e.errno == ENOENT: bytes = []
        case .failure(let e): return .failure(ItemFailure("cannot read the labels \(shown): \(e)"))
        }
        do {
            let objects = try YOLO.parse(bytes, format: settings.format.yolo, width: width, height: height)
            return .success(ItemLabels(settings: settings, objects: objects))
        } catch {
            return .failure(ItemFailure("labels \(shown): \(error)"))
        }
    }

    /// The label file of an output: every object through `affine` onto a canvas of `size`, clipped and filtered.
    func render(affine: Affine, outputSize size: (width: Int, height: Int)) -> Result<([UInt8], LabelCounts), ItemFailure> {
        do {
            let result = try settings.transform(affine: affine, outputSize: size).apply(objects)
            let counts = LabelCounts(read: result.inputCount, written: result.outputCount, dropped: result.droppedCount)
            return .success((YOLO.write(result.objects, width: size.width, height: size.height), counts))
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
