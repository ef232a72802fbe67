/// Parameters of an arbitrary-angle rotation, and the value types they use.

/// How a rotated pixel is computed from the source.
public enum Resample: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The source pixel that contains the mapped pixel centre (Pillow `NEAREST`, 16.16 fixed point).
    case nearest
    /// Linear interpolation in a 2x2 neighbourhood (Pillow `BILINEAR`).
    case bilinear
    /// Cubic convolution (a = -1) in a 4x4 neighbourhood (Pillow `BICUBIC`).
    case bicubic

    public var description: String { rawValue }
}

/// What to keep of the rotated canvas.
public enum Crop: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The whole canvas (fill where no source pixel lands).
    case none
    /// The largest axis-aligned rectangle, centred on the rotated image, with no fill in it.
    case inscribed
    /// ``inscribed``, then resized (bilinear) back to the rotation's input size.
    case inscribedResized = "inscribed-resized"

    public var description: String { rawValue }
}

/// A point in pixel-corner coordinates (the image's top-left corner is (0, 0); x right, y down).
public struct Point: Sendable, Hashable, Codable {
    /// Pixels from the left edge.
    public var x: Double
    /// Pixels from the top edge.
    public var y: Double

    /// A point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// The colour of output pixels that no source pixel maps to, in 8-bit units (scaled by 257 for 16-bit).
///
/// One to four components: `[v]` gray, `[v, a]` gray and alpha, `[r, g, b]`, `[r, g, b, a]`. A colour is
/// adapted to the image's layout: a missing alpha is opaque (as Pillow's `fillcolor=(r, g, b)` on RGBA);
/// RGB on a gray image becomes its luma (ITU-R 601, as Pillow's `convert("L")`); gray on RGB is `v, v, v`.
/// No fill (`nil`) means all-zero samples: black, and transparent where there is alpha (Pillow's default).
public struct Fill: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One to four components, 0...255.
    public var components: [UInt8]
    /// For 16-bit images, the one value of every sample as stored (not scaled from 8 bits): a mask's fill, as
    /// Pillow's `fillcolor` on an `I;16` image. Not part of the JSON (the op grammar has no such fill).
    public var exactSixteenBit: UInt16?

    /// A fill from one to four components.
    public init(_ components: [UInt8]) {
        precondition((1...4).contains(components.count), "Fill: 1 to 4 components")
        self.components = components
    }

    /// The fill of a mask: `value` in every sample, as stored (8-bit images take its low byte, as it must be
    /// 0...255 there; 16-bit images take it whole).
    public static func maskValue(_ value: UInt16) -> Fill {
        var fill = Fill([UInt8(truncatingIfNeeded: value)])
        fill.exactSixteenBit = value
        return fill
    }

    /// `R:G:B[:A]` (or `V[:A]`), as the op grammar writes it.
    public var description: String { components.map { "\($0)" }.joined(separator: ":") }

    /// The fill as one pixel's bytes for `layout` and `depth` (native-endian for 16-bit).
    public func pixelBytes(layout: PixelBuffer.Layout, depth: PixelBuffer.SampleDepth) -> [UInt8] {
        let c = components.map { Int($0) }
        let gray: Int
        let color: [Int]
        let alpha: Int
        switch c.count {
        case 1, 2:
            gray = c[0]
            color = [c[0], c[0], c[0]]
            alpha = c.count == 2 ? c[1] : 255
        default:
            // Pillow's L24: L = (R * 19595 + G * 38470 + B * 7471 + 0x8000) >> 16.
            gray = (c[0] * 19595 + c[1] * 38470 + c[2] * 7471 + 0x8000) >> 16
            color = [c[0], c[1], c[2]]
            alpha = c.count == 4 ? c[3] : 255
        }
        let samples: [Int]
        switch layout {
        case .gray: samples = [gray]
        case .grayAlpha: samples = [gray, alpha]
        case .rgb: samples = color
        case .rgba: samples = color + [alpha]
        }
        if depth == .eight { return samples.map { UInt8($0) } }
        var out: [UInt8] = []
        for s in samples {
            withUnsafeBytes(of: exactSixteenBit ?? UInt16(s * 257)) { out.append(contentsOf: $0) }
        }
        return out
    }
}

/// A concrete arbitrary-angle rotation, as Pillow's `Image.rotate` plus an optional inscribed crop.
public struct Rotation: Sendable, Hashable, Codable {
    /// Degrees, counter-clockwise as seen on screen (as Pillow).
    public var degrees: Double
    /// How output pixels are computed.
    public var resample: Resample
    /// Grow the canvas to hold the whole rotated image (Pillow's `expand=True`).
    public var expand: Bool
    /// Colour outside the rotated image; `nil` is all-zero samples.
    public var fill: Fill?
    /// Centre of rotation in pixel-corner coordinates; `nil` is the canvas centre (W/2, H/2).
    public var center: Point?
    /// What to keep of the canvas.
    public var crop: Crop

    /// A rotation; the defaults are Pillow's.
    public init(degrees: Double, resample: Resample = .nearest, expand: Bool = false, fill: Fill? = nil,
                center: Point? = nil, crop: Crop = .none) {
        self.degrees = degrees
        self.resample = resample
        self.expand = expand
        self.fill = fill
        self.center = center
        self.crop = crop
    }

    enum CodingKeys: String, CodingKey { case degrees, resample, expand, fill, center, crop }

    /// Decodes `{"degrees": 45, "resample": "nearest", ...}`; missing keys take Pillow's defaults.
    public init(from decoder: any Decoder) throws {
        let k = try decoder.container(keyedBy: CodingKeys.self)
        degrees = try k.decode(Double.self, forKey: .degrees)
        resample = try k.decodeIfPresent(Resample.self, forKey: .resample) ?? .nearest
        expand = try k.decodeIfPresent(Bool.self, forKey: .expand) ?? false
        fill = try k.decodeIfPresent(Fill.self, forKey: .fill)
        center = try k.decodeIfPresent(Point.self, forKey: .center)
        crop = try k.decodeIfPresent(Crop.self, forKey: .crop) ?? .none
    }

    /// Encodes every parameter (`fill` and `center` only when set).
    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(degrees, forKey: .degrees)
        try k.encode(resample, forKey: .resample)
        try k.encode(expand, forKey: .expand)
        try k.encodeIfPresent(fill, forKey: .fill)
        try k.encodeIfPresent(center, forKey: .center)
        try k.encode(crop, forKey: .crop)
    }
}

extension Fill {
    /// Decodes `[r, g, b]` (1 to 4 components).
    public init(from decoder: any Decoder) throws {
        let c = try [UInt8](from: decoder)
        guard (1...4).contains(c.count) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a fill has 1 to 4 components"))
        }
        self.init(c)
    }

    /// Encodes the components as an array.
    public func encode(to encoder: any Encoder) throws { try components.encode(to: encoder) }
}
