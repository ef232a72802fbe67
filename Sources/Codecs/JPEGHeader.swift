public import Augment
import CCodecs

/// What a JPEG's markers say before its first scan: the size, the MCU and the EXIF orientation
/// (``JPEGTransformer/load(file:)`` reads them; nothing is decoded).
public struct JPEGHeader: Sendable, Hashable {
    /// Width and height in pixels, as stored (before any EXIF orientation).
    public var width: Int, height: Int
    /// Components: 1 gray, 3 YCbCr (or RGB), 4 CMYK or YCCK.
    public var components: Int
    /// The MCU in pixels, the unit a lossless transform moves: 8x8 for one component, else 8 times the largest
    /// sampling factors (16x16 at 4:2:0, 16x8 at 4:2:2, 8x8 at 4:4:4).
    public var mcuWidth: Int, mcuHeight: Int
    /// Whether the frame is progressive (SOF2, SOF6, SOF10, SOF14).
    public var progressive: Bool
    /// The EXIF orientation 1...8 of the first APP1 EXIF block that has one, nil when absent (as the decoder).
    public var exifOrientation: Int?

    init(_ h: ccodecs_jpeg_header) {
        width = Int(h.width)
        height = Int(h.height)
        components = Int(h.components)
        mcuWidth = Int(h.mcu_width)
        mcuHeight = Int(h.mcu_height)
        progressive = [2, 6, 10, 14].contains(h.sof)
        exifOrientation = h.exif_orientation == 0 ? nil : Int(h.exif_orientation)
    }

    /// Why `t` would not be a perfect lossless transform of this image, nil when it would be: a transform that
    /// moves the right edge (``Transpose/flipLeftRight``, ``Transpose/rotate90``, ``Transpose/rotate180``,
    /// ``Transpose/transverse``) needs the width to be a whole number of MCUs, one that moves the bottom edge
    /// (``Transpose/flipTopBottom``, ``Transpose/rotate270``, ``Transpose/rotate180``, ``Transpose/transverse``)
    /// the height; ``Transpose/transpose`` and the identity are always perfect (jpegtran's rules).
    public func imperfection(of t: Transpose?) -> String? {
        guard let t else { return nil }
        let movesRight: Bool, movesBottom: Bool
        switch t {
        case .flipLeftRight, .rotate90: (movesRight, movesBottom) = (true, false)
        case .flipTopBottom, .rotate270: (movesRight, movesBottom) = (false, true)
        case .rotate180, .transverse: (movesRight, movesBottom) = (true, true)
        case .transpose: (movesRight, movesBottom) = (false, false)
        }
        var short: [String] = []
        if movesRight && width % mcuWidth != 0 { short.append("the width \(width) is not a multiple of \(mcuWidth)") }
        if movesBottom && height % mcuHeight != 0 {
            short.append("the height \(height) is not a multiple of \(mcuHeight)")
        }
        guard !short.isEmpty else { return nil }
        return "\(t) is not perfect on this JPEG: \(short.joined(separator: " and ")) (its \(mcuWidth)x\(mcuHeight) "
            + "MCU), so edge blocks would move inside the image"
    }
}
