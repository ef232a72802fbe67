import Augment
import Labels

/// An item's COCO annotations in the worker: its image entry and annotations as the job carried them (parsed
/// once), then for each output the image row and the annotation rows of the output file, with new ids.
struct ItemCOCO {
    let settings: LabelSettings
    let job: JobMessage.COCOJob
    let entry: [String: JSONValue]
    let annotations: [[String: JSONValue]]
    let originalID: Int
    /// The upright input's size.
    let size: (width: Int, height: Int)

    /// Parses the job's bytes for an upright image of `size`; an entry whose `width`/`height` (when given and not
    /// 0) are not the image's fails the item.
    static func read(_ job: JobMessage.COCOJob, settings: LabelSettings, size: (width: Int, height: Int))
        -> Result<ItemCOCO, ItemFailure>
    {
        do {
            var entryReader = JSONReader(job.entry)
            guard let entry = try entryReader.value().objectValue, let id = entry["id"]?.intValue else {
                return .failure(ItemFailure("labels: the image entry is not an object with an id"))
            }
            let name = entry["file_name"]?.stringValue ?? ""
            let w = entry["width"]?.intValue ?? 0, h = entry["height"]?.intValue ?? 0
            if (w != 0 || h != 0) && (w != size.width || h != size.height) {
                return .failure(ItemFailure("labels: image \(id) ('\(name)') is \(w)x\(h) in the COCO file but the "
                                            + "image is \(size.width)x\(size.height) (upright)"))
            }
            var reader = JSONReader([UInt8(ascii: "[")] + job.annotations + [UInt8(ascii: "]")])
            let annotations = (try reader.value().arrayValue ?? []).compactMap(\.objectValue)
            return .success(ItemCOCO(settings: settings, job: job, entry: entry, annotations: annotations,
                                     originalID: id, size: size))
        } catch {
            return .failure(ItemFailure("labels: \(error)"))
        }
    }

    /// The rows of output `index` of the job (copy `copy`): its annotations through `affine` onto `outputSize`,
    /// RLE masks through `ops`' nearest geometry (the mask path).
    func render(index: Int, copy: Int, ops: SampledPipeline, affine: Affine, outputSize: (width: Int, height: Int))
        -> Result<(ResultMessage.COCORows, LabelCounts), ItemFailure>
    {
        var annotationID = -1
        do {
            let copies = job.copies
            let imageID = try COCO.newID(originalID, copy: copy, copies: copies)
            var image = entry
            image["id"] = .number(Double(imageID))
            image["file_name"] = .string(String(decoding: job.names[index], as: UTF8.self))
            image["width"] = .number(Double(outputSize.width))
            image["height"] = .number(Double(outputSize.height))
            let nearest = ops.forMask(fill: .maskValue(0))
            var workspace = Workspace()
            let warp = { (rle: RLE) throws(LabelError) -> RLE in
                guard let mask = try? PixelBuffer(width: rle.width, height: rle.height, layout: .gray, bytes: rle.rowMajor())
                else { throw LabelError(.badRLE, "a \(rle.width)x\(rle.height) mask") }
                var out = PixelBuffer()
                nearest.apply(to: mask, into: &out, workspace: &workspace)
                return RLE(rowMajor: out.bytes, width: out.width, height: out.height)
            }
            var rows: [(id: Int, text: [UInt8])] = []
            for annotation in annotations {
                annotationID = annotation["id"]?.intValue ?? -1
                let category = annotation["category_id"]?.intValue
                let transform = settings.transform(affine: affine, outputSize: outputSize,
                                                   flipIndex: category.flatMap { settings.categoryFlipIndex?[$0] })
                guard var out = try COCO.transform(annotation: annotation, by: transform, inputSize: size, warp: warp)
                else { continue }
                let id = try COCO.newID(annotationID, copy: copy, copies: copies)
                out["id"] = .number(Double(id))
                out["image_id"] = .number(Double(imageID))
                rows.append((id, Array(JSONValue.object(out).text.utf8)))
            }
            let counts = LabelCounts(read: annotations.count, written: rows.count, dropped: annotations.count - rows.count)
            return .success((ResultMessage.COCORows(image: (imageID, Array(JSONValue.object(image).text.utf8)),
                                                    annotations: rows), counts))
        } catch {
            let which = annotationID >= 0 ? "annotation \(annotationID) of image \(originalID)" : "image \(originalID)"
            return .failure(ItemFailure("labels: \(which): \(error)"))
        }
    }
}
