/// The exact geometric transforms: flips, rotations by multiples of 90 degrees, transpose and transverse.
///
/// Names and directions are Pillow's `Image.Transpose`: rotations are **counter-clockwise** as seen on
/// screen (`rotate90` turns the top edge to the left), unlike Rust `image`'s clockwise `rotate90`.
public enum Transpose: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Mirror left-right: `out[y][x] = in[y][W-1-x]` (Pillow `FLIP_LEFT_RIGHT`).
    case flipLeftRight
    /// Mirror top-bottom: `out[y][x] = in[H-1-y][x]` (Pillow `FLIP_TOP_BOTTOM`).
    case flipTopBottom
    /// 90 degrees counter-clockwise: `out[y][x] = in[x][W-1-y]`, output `H x W` (Pillow `ROTATE_90`).
    case rotate90
    /// 180 degrees: `out[y][x] = in[H-1-y][W-1-x]` (Pillow `ROTATE_180`).
    case rotate180
    /// 270 degrees counter-clockwise (90 clockwise): `out[y][x] = in[H-1-x][y]` (Pillow `ROTATE_270`).
    case rotate270
    /// Mirror about the main diagonal: `out[y][x] = in[x][y]` (Pillow `TRANSPOSE`).
    case transpose
    /// Mirror about the anti-diagonal: `out[y][x] = in[H-1-x][W-1-y]` (Pillow `TRANSVERSE`).
    case transverse

    /// The op name in the CLI grammar (`flip=h`, `flip=v`, `rot90`, `rot180`, `rot270`, `transpose`, `transverse`).
    public var description: String {
        switch self {
        case .flipLeftRight: return "flip=h"
        case .flipTopBottom: return "flip=v"
        case .rotate90: return "rot90"
        case .rotate180: return "rot180"
        case .rotate270: return "rot270"
        case .transpose: return "transpose"
        case .transverse: return "transverse"
        }
    }

    /// Whether the output is `H x W` (the axes swap).
    public var swapsAxes: Bool { dihedral.swap }

    /// The transform that undoes this one.
    public var inverse: Transpose {
        switch self {
        case .rotate90: return .rotate270
        case .rotate270: return .rotate90
        default: return self
        }
    }

    /// This transform, then `next`, as one transform: the pixels that `next` would make of `self`'s output.
    /// - Returns: The combined transform, or `nil` when the two cancel out (the identity).
    public func then(_ next: Transpose) -> Transpose? {
        Dihedral(self).then(Dihedral(next)).transpose
    }

    /// The transform that an EXIF `Orientation` tag (1...8) asks for to display the image upright, as
    /// Pillow's `ImageOps.exif_transpose`: 2 `flipLeftRight`, 3 `rotate180`, 4 `flipTopBottom`,
    /// 5 `transpose`, 6 `rotate270`, 7 `transverse`, 8 `rotate90`.
    /// - Returns: `nil` for 1 (already upright) and for values outside 1...8 (ignored, as Pillow does).
    public init?(exifOrientation: Int) {
        switch exifOrientation {
        case 2: self = .flipLeftRight
        case 3: self = .rotate180
        case 4: self = .flipTopBottom
        case 5: self = .transpose
        case 6: self = .rotate270
        case 7: self = .transverse
        case 8: self = .rotate90
        default: return nil
        }
    }

    /// The size of a stored `width x height` image once its EXIF orientation (1-8; anything else leaves it as
    /// stored) is applied: the upright frame that labels and masks describe.
    public static func uprightSize(width: Int, height: Int, exifOrientation: Int) -> (width: Int, height: Int) {
        Transpose(exifOrientation: exifOrientation)?.outputSize(width: width, height: height) ?? (width, height)
    }

    /// The forward map from input to output pixel coordinates (Pillow's pixel-corner convention) for an
    /// input of `width x height`.
    public func affine(width: Int, height: Int) -> Affine {
        Dihedral(self).affine(width: width, height: height)
    }

    /// The output size for an input of `width x height`.
    public func outputSize(width: Int, height: Int) -> (width: Int, height: Int) {
        swapsAxes ? (height, width) : (width, height)
    }

    @usableFromInline var dihedral: Dihedral { Dihedral(self) }
}

/// An element of the dihedral group of the rectangle: optionally swap the axes (transpose), then
/// optionally mirror the output's x, then its y. The identity is `Dihedral()`; every ``Transpose``
/// is one element, and consecutive transposes compose into one (one pass over the pixels).
@usableFromInline
struct Dihedral: Hashable, Sendable {
    @usableFromInline var swap = false
    @usableFromInline var flipX = false
    @usableFromInline var flipY = false

    @usableFromInline init(swap: Bool = false, flipX: Bool = false, flipY: Bool = false) {
        self.swap = swap
        self.flipX = flipX
        self.flipY = flipY
    }

    @usableFromInline init(_ t: Transpose) {
        switch t {
        case .flipLeftRight: self.init(flipX: true)
        case .flipTopBottom: self.init(flipY: true)
        case .rotate180: self.init(flipX: true, flipY: true)
        case .transpose: self.init(swap: true)
        case .rotate90: self.init(swap: true, flipY: true)
        case .rotate270: self.init(swap: true, flipX: true)
        case .transverse: self.init(swap: true, flipX: true, flipY: true)
        }
    }

    var isIdentity: Bool { !swap && !flipX && !flipY }

    /// The named transform, or `nil` for the identity.
    var transpose: Transpose? {
        Transpose.allCases.first { Dihedral($0) == self }
    }

    /// `self` then `next`: as linear maps on centred coordinates, `F2 S2 F1 S1 = F2 F1' S2 S1` where
    /// `F1'` is `F1` with its axes swapped when `S2` swaps.
    func then(_ next: Dihedral) -> Dihedral {
        let fx1 = next.swap ? flipY : flipX
        let fy1 = next.swap ? flipX : flipY
        return Dihedral(swap: swap != next.swap, flipX: fx1 != next.flipX, flipY: fy1 != next.flipY)
    }

    func affine(width: Int, height: Int) -> Affine {
        let (ow, oh) = swap ? (Double(height), Double(width)) : (Double(width), Double(height))
        var m = swap ? Affine(a: 0, b: 1, c: 0, d: 1, e: 0, f: 0) : .identity
        if flipX { m = m.then(Affine(a: -1, b: 0, c: ow, d: 0, e: 1, f: 0)) }
        if flipY { m = m.then(Affine(a: 1, b: 0, c: 0, d: 0, e: -1, f: oh)) }
        return m
    }
}

extension PixelBuffer {
    /// A transformed copy; see ``transpose(_:into:)``.
    /// - Parameter t: The transform, named and directed as Pillow's `Image.transpose`.
    /// - Returns: A new buffer, `H x W` when `t` swaps the axes.
    public func transposed(_ t: Transpose) -> PixelBuffer {
        var out = PixelBuffer()
        transpose(t, into: &out)
        return out
    }

    /// Writes this buffer transformed by `t` into `output`, reshaping it and reusing its memory.
    ///
    /// Pixel-exact equal to Pillow's `Image.transpose(t)` for every layout and depth. The 90-degree family
    /// is cache-blocked; flips move whole rows or pixels.
    /// - Parameters:
    ///   - t: The transform.
    ///   - output: A caller-owned buffer; its old contents and shape do not matter. Must not be `self`.
    public func transpose(_ t: Transpose, into output: inout PixelBuffer) {
        applyDihedral(Dihedral(t), into: &output)
    }

    /// Copies this buffer into `output`, reshaping it and reusing its memory.
    public func copy(into output: inout PixelBuffer) {
        output.reshape(width: width, height: height, layout: layout, depth: depth)
        withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                if src.count > 0 { dst.baseAddress!.copyMemory(from: src.baseAddress!, byteCount: src.count) }
            }
        }
    }

    func applyDihedral(_ g: Dihedral, into output: inout PixelBuffer) {
        if g.isIdentity { return copy(into: &output) }
        let (ow, oh) = g.swap ? (height, width) : (width, height)
        output.reshape(width: ow, height: oh, layout: layout, depth: depth)
        if pixelCount == 0 { return }
        let bpp = bytesPerPixel
        let (w, h, ss, ds) = (width, height, rowStride, output.rowStride)
        withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                let s = src.baseAddress!, d = dst.baseAddress!
                if !g.swap {
                    if !g.flipX {  // flipTopBottom: whole rows
                        for y in 0..<h {
                            (d + y * ds).copyMemory(from: s + (h - 1 - y) * ss, byteCount: w * bpp)
                        }
                    } else {
                        PixelSize.dispatch(bpp, MirrorRowsKernel(src: s, dst: d, width: w, height: h, srcStride: ss,
                                                                 dstStride: ds, flipY: g.flipY))
                    }
                } else {
                    PixelSize.dispatch(bpp, TransposeKernel(src: s, dst: d, srcWidth: w, srcHeight: h, srcStride: ss,
                                                            dstStride: ds, flipX: g.flipX, flipY: g.flipY))
                }
            }
        }
    }
}
