import Codecs

/// An item's label file and mask, read for its upright frame (after the EXIF orientation, as Ultralytics reads
/// labels): what the worker and `augment preview` both read before sampling any copy. Each is nil when the run
/// has none for this item, else what reading it gave; the caller decides what a failure means (the worker fails
/// the item, the preview captions the row).
struct ItemCompanions {
    var labels: Result<ItemLabels, ItemFailure>?
    var mask: Result<ItemMask, ItemFailure>?

    /// Reads `labelPath` with `labels` and `maskPath` with `masks` (through `maskDecoder`) for the image `image`,
    /// whose upright size is `upright`.
    static func read(labelPath: [UInt8]?, labels: LabelSettings?, maskPath: [UInt8]?, masks: MaskSettings?,
                     maskDecoder: Decoder, image: [UInt8], upright: (width: Int, height: Int)) -> ItemCompanions {
        var read = ItemCompanions()
        if let labels, let labelPath {
            read.labels = ItemLabels.read(labelPath, settings: labels, width: upright.width, height: upright.height)
        }
        if let masks, let maskPath {
            read.mask = ItemMask.read(maskPath, settings: masks, decoder: maskDecoder, image: image, size: upright)
        }
        return read
    }
}
