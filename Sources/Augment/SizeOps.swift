/// The size-changing geometric ops: `resize`, `crop`, `pad`, `letterbox`, `random-resized-crop`.
///
/// Each concrete op is, for a given input size, a short list of ``SizeStep``s (Pillow's resize, then or before an
/// integer window), and its output size, forward matrix and pixels all come from that one list.

/// How `resize` picks the output size.
public enum ResizeTarget: Sendable, Hashable, CustomStringConvertible {
    /// `WxH`: exactly this size.
    case size(width: Int, height: Int)
    /// `short:S`: the shorter side becomes `S`, the other `int(S * long / short)` (torchvision's `Resize(S)`).
    case short(Int)
    /// `long:L`: the longer side becomes `L`, the other `int(L * short / long)` (torchvision's `max_size` alone).
    case long(Int)
    /// `fit:WxH`: the largest size inside `W x H` with the aspect kept: `r = min(W / w, H / h)`, then
    /// `round(w r) x round(h r)` (Python's half-to-even `round`, as Ultralytics' `LetterBox`).
    case fit(width: Int, height: Int)

    /// The output size for a `width x height` input (each side at least 1).
    public func outputSize(width w: Int, height h: Int) -> (width: Int, height: Int) {
        switch self {
        case .size(let ow, let oh): return (ow, oh)
        case .short(let s), .long(let s):
            guard w > 0, h > 0 else { return (s, s) }
            let (short, long) = w <= h ? (w, h) : (h, w)
            let other: Int
            if case .short = self {
                other = Int(Double(s) * Double(long) / Double(short))
                return w <= h ? (s, max(1, other)) : (max(1, other), s)
            }
            other = Int(Double(s) * Double(short) / Double(long))
            return w <= h ? (max(1, other), s) : (s, max(1, other))
        case .fit(let bw, let bh):
            guard w > 0, h > 0 else { return (bw, bh) }
            return fitSize(width: w, height: h, into: bw, bh)
        }
    }

    /// `WxH`, `short:S`, `long:L` or `fit:WxH`.
    public var description: String {
        switch self {
        case .size(let w, let h): return "\(w)x\(h)"
        case .short(let s): return "short:\(s)"
        case .long(let l): return "long:\(l)"
        case .fit(let w, let h): return "fit:\(w)x\(h)"
        }
    }

    /// Reads ``description``'s forms; `nil` if it is none of them.
    public init?(parsing s: String) {
        if s.hasPrefix("short:"), let v = Int(s.dropFirst(6)) { self = .short(v); return }
        if s.hasPrefix("long:"), let v = Int(s.dropFirst(5)) { self = .long(v); return }
        if s.hasPrefix("fit:"), let (w, h) = parseSize(String(s.dropFirst(4))) { self = .fit(width: w, height: h); return }
        guard let (w, h) = parseSize(s) else { return nil }
        self = .size(width: w, height: h)
    }

    /// The sides it names, for the limits.
    var sides: [Int] {
        switch self {
        case .size(let w, let h), .fit(let w, let h): return [w, h]
        case .short(let s), .long(let s): return [s]
        }
    }
}

/// `WxH` as two integers.
func parseSize(_ s: String) -> (Int, Int)? {
    let parts = s.split(separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else { return nil }
    return (w, h)
}

/// Ultralytics' `LetterBox` scale (ultralytics/data/augment.py): `r = min(H / h, W / w)`,
/// `new_unpad = int(round(w * r)), int(round(h * r))` with Python's half-to-even `round`; at least 1 pixel.
func fitSize(width w: Int, height h: Int, into bw: Int, _ bh: Int) -> (width: Int, height: Int) {
    let r = min(Double(bh) / Double(h), Double(bw) / Double(w))
    return (max(1, Int((Double(w) * r).rounded(.toNearestOrEven))),
            max(1, Int((Double(h) * r).rounded(.toNearestOrEven))))
}

/// One pass of a size-changing op.
public enum SizeStep: Sendable, Hashable {
    /// Pillow's `Image.resize((width, height), filter)` (``PixelBuffer/resample(width:height:filter:order:into:workspace:)``).
    case resample(width: Int, height: Int, filter: ResizeFilter)
    /// The window whose top-left corner is input pixel `(x0, y0)`, `fill` off the input
    /// (``PixelBuffer/window(x0:y0:width:height:fill:into:)``).
    case window(x0: Int, y0: Int, width: Int, height: Int, fill: Fill?)

    /// The size after this step.
    var size: (width: Int, height: Int) {
        switch self {
        case .resample(let w, let h, _), .window(_, _, let w, let h, _): return (w, h)
        }
    }

    /// The forward map input -> output for an input of `width x height`: a scaling of the corner frame for a
    /// resize (`[0, w] -> [0, W]`), a translation by `(-x0, -y0)` for a window.
    func affine(width w: Int, height h: Int) -> Affine {
        switch self {
        case .resample(let ow, let oh, _):
            return .scaling(Double(ow) / Double(max(w, 1)), Double(oh) / Double(max(h, 1)))
        case .window(let x0, let y0, _, _, _): return .translation(Double(-x0), Double(-y0))
        }
    }
}

/// A concrete `resize`: the target and the filter.
public struct ResizeParameters: Sendable, Hashable {
    /// How the output size is chosen.
    public var target: ResizeTarget
    /// The filter (default bilinear, as Pillow's `resize` and torchvision's `Resize`).
    public var filter: ResizeFilter

    /// A concrete resize.
    public init(target: ResizeTarget, filter: ResizeFilter = .bilinear) {
        self.target = target
        self.filter = filter
    }
}

/// A concrete `crop`: the size and where the window sits.
public struct CropParameters: Sendable, Hashable {
    /// Output width.
    public var width: Int
    /// Output height.
    public var height: Int
    /// The offsets as fractions in `[0, 1)` of the free positions, `x0 = min(floor(fx (w - W + 1)), w - W)`
    /// (torchvision's `randint(0, w - W + 1)` from a unit draw); `nil` is torchvision's `center_crop`.
    public var at: Point?
    /// Colour where the window is off the image; `nil` is all-zero samples.
    public var fill: Fill?

    /// A concrete crop.
    public init(width: Int, height: Int, at: Point? = nil, fill: Fill? = nil) {
        (self.width, self.height, self.at, self.fill) = (width, height, at, fill)
    }

    /// The window's top-left corner in the input. Along an axis where the crop is larger than the image, the
    /// image is centred as torchvision's `center_crop` pads it: `x0 = -((W - w) // 2)`; otherwise the centre is
    /// `int(round((w - W) / 2))` (half to even) and a fraction `f` gives `min(floor(f (w - W + 1)), w - W)`.
    public func origin(width w: Int, height h: Int) -> (x: Int, y: Int) {
        func axis(_ size: Int, _ crop: Int, _ f: Double?) -> Int {
            if crop > size { return -((crop - size) / 2) }
            guard let f else { return Int((Double(size - crop) / 2).rounded(.toNearestOrEven)) }
            return min(Int(f * Double(size - crop + 1)), size - crop)
        }
        return (axis(w, width, at?.x), axis(h, height, at?.y))
    }
}

/// A `pad` op: at least `width x height`, the image centred (`(W - w) // 2` before it, as Albumentations'
/// `PadIfNeeded`); a side already as large is kept.
public struct PadParameters: Sendable, Hashable {
    /// The smallest output width.
    public var width: Int
    /// The smallest output height.
    public var height: Int
    /// The padding colour; `nil` is all-zero samples.
    public var fill: Fill?

    /// A pad op.
    public init(width: Int, height: Int, fill: Fill? = nil) {
        (self.width, self.height, self.fill) = (width, height, fill)
    }
}

/// A `letterbox` op: Ultralytics' `LetterBox(new_shape=(H, W))` with its defaults (`auto=False`,
/// `scale_fill=False`, `scaleup=True`, `center=True`): scale to fit (``fitSize(width:height:into:_:)``), then pad
/// to exactly `W x H` with `top = round(dh - 0.1)`, `left = round(dw - 0.1)` where `dw = (W - new_w) / 2`.
/// The scaling is Pillow's `resize` with ``resample`` (bilinear, antialiased), not `cv2.resize(INTER_LINEAR)`.
public struct LetterboxParameters: Sendable, Hashable {
    /// Output width.
    public var width: Int
    /// Output height.
    public var height: Int
    /// The border colour (Ultralytics' 114, 114, 114 by default).
    public var fill: Fill?
    /// The resize filter (bilinear; nearest for masks).
    public var resample: ResizeFilter

    /// Ultralytics' grey.
    public static let defaultFill = Fill([114, 114, 114])

    /// A letterbox op.
    public init(width: Int, height: Int, fill: Fill? = LetterboxParameters.defaultFill,
                resample: ResizeFilter = .bilinear) {
        (self.width, self.height, self.fill, self.resample) = (width, height, fill, resample)
    }

    /// The scaled size and the padding before it: `(new_w, new_h, left, top)`.
    public func placement(width w: Int, height h: Int) -> (width: Int, height: Int, left: Int, top: Int) {
        let (nw, nh) = w > 0 && h > 0 ? fitSize(width: w, height: h, into: width, height) : (width, height)
        let dw = Double(width - nw) / 2, dh = Double(height - nh) / 2
        return (nw, nh, Int((dw - 0.1).rounded(.toNearestOrEven)), Int((dh - 0.1).rounded(.toNearestOrEven)))
    }
}

extension SampledOp {
    /// The passes of a size-changing op for a `width x height` input; `nil` for the other ops.
    public func sizeSteps(width w: Int, height h: Int) -> [SizeStep]? {
        switch self {
        case .resize(let r):
            let (ow, oh) = r.target.outputSize(width: w, height: h)
            return [.resample(width: ow, height: oh, filter: r.filter)]
        case .crop(let c):
            let (x0, y0) = c.origin(width: w, height: h)
            return [.window(x0: x0, y0: y0, width: c.width, height: c.height, fill: c.fill)]
        case .pad(let p):
            let (ow, oh) = (max(w, p.width), max(h, p.height))
            return [.window(x0: -((ow - w) / 2), y0: -((oh - h) / 2), width: ow, height: oh, fill: p.fill)]
        case .letterbox(let l):
            let (nw, nh, left, top) = l.placement(width: w, height: h)
            return [.resample(width: nw, height: nh, filter: l.resample),
                    .window(x0: -left, y0: -top, width: l.width, height: l.height, fill: l.fill)]
        case .randomResizedCrop(let r):
            let box = r.box(width: w, height: h)
            return [.window(x0: box.x, y0: box.y, width: box.width, height: box.height, fill: nil),
                    .resample(width: r.width, height: r.height, filter: r.filter)]
        case .transpose, .rotate, .affine:
            return nil
        }
    }
}

extension [SizeStep] {
    /// The size after every step.
    func outputSize(width: Int, height: Int) -> (width: Int, height: Int) { last?.size ?? (width, height) }

    /// The forward map through every step.
    func affine(width: Int, height: Int) -> Affine {
        var m = Affine.identity
        var (w, h) = (width, height)
        for s in self {
            m = m.then(s.affine(width: w, height: h))
            (w, h) = s.size
        }
        return m
    }
}
