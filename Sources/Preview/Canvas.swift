public import Augment

/// An RGB canvas to draw a contact sheet on: tiles, lines, rectangles, dots, text and translucent overlays, all
/// clipped to the canvas. Colours are `(r, g, b)`.
public struct Canvas: Sendable {
    /// The pixels, 8-bit RGB.
    public private(set) var image: PixelBuffer
    public var width: Int { image.width }
    public var height: Int { image.height }

    /// A canvas of `width x height` filled with `background`.
    public init(width: Int, height: Int, background: RGB) {
        image = PixelBuffer(width: width, height: height, layout: .rgb)
        image.withUnsafeMutableBytes { b in
            for i in stride(from: 0, to: b.count, by: 3) { (b[i], b[i + 1], b[i + 2]) = (background.r, background.g, background.b) }
        }
    }

    /// Sets one pixel (outside the canvas: nothing).
    public mutating func set(_ x: Int, _ y: Int, _ c: RGB) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let w = width
        image.withUnsafeMutableBytes { b in
            let o = (y * w + x) * 3
            (b[o], b[o + 1], b[o + 2]) = (c.r, c.g, c.b)
        }
    }

    /// Blends `c` over one pixel with opacity `alpha` (0...1).
    public mutating func blend(_ x: Int, _ y: Int, _ c: RGB, alpha: Double) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let w = width
        image.withUnsafeMutableBytes { b in
            let o = (y * w + x) * 3
            func mix(_ a: UInt8, _ v: UInt8) -> UInt8 { UInt8((Double(a) * (1 - alpha) + Double(v) * alpha).rounded()) }
            (b[o], b[o + 1], b[o + 2]) = (mix(b[o], c.r), mix(b[o + 1], c.g), mix(b[o + 2], c.b))
        }
    }

    /// Copies an 8-bit RGB `tile` with its top-left corner at (x, y).
    public mutating func blit(_ tile: PixelBuffer, x: Int, y: Int) {
        precondition(tile.layout == .rgb && tile.depth == .eight, "tiles are 8-bit RGB")
        let src = tile.bytes, tw = tile.width
        for ty in 0..<tile.height {
            for tx in 0..<tw {
                let o = (ty * tw + tx) * 3
                set(x + tx, y + ty, RGB(src[o], src[o + 1], src[o + 2]))
            }
        }
    }

    /// A line from (x0, y0) to (x1, y1), `thickness` pixels wide (Bresenham, squares at each step).
    public mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ c: RGB, thickness: Int = 1) {
        var (x, y) = (Int(x0.rounded(.down)), Int(y0.rounded(.down)))
        let (xe, ye) = (Int(x1.rounded(.down)), Int(y1.rounded(.down)))
        let dx = abs(xe - x), dy = -abs(ye - y), sx = x < xe ? 1 : -1, sy = y < ye ? 1 : -1
        var err = dx + dy
        var steps = 0
        while steps < 100_000 {
            dot(x, y, c, size: thickness)
            if x == xe && y == ye { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
            steps += 1
        }
    }

    /// A filled square of `size` pixels centred at (x, y).
    public mutating func dot(_ x: Int, _ y: Int, _ c: RGB, size: Int) {
        let lo = -(size - 1) / 2
        for dy in lo..<(lo + size) { for dx in lo..<(lo + size) { set(x + dx, y + dy, c) } }
    }

    /// A filled rectangle [x0, x1) x [y0, y1).
    public mutating func fill(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ c: RGB) {
        for y in max(0, y0)..<min(height, max(y1, 0)) { for x in max(0, x0)..<min(width, max(x1, 0)) { set(x, y, c) } }
    }

    /// `text` in the built-in 5x7 font, top-left at (x, y), scaled by `scale`; returns its width.
    @discardableResult
    public mutating func text(_ text: String, x: Int, y: Int, _ c: RGB, scale: Int = 1) -> Int {
        var cx = x
        for ch in text {
            let rows = BitmapFont.rows(ch)
            for (ry, bits) in rows.enumerated() {
                for rx in 0..<BitmapFont.width where bits & (1 << (BitmapFont.width - 1 - rx)) != 0 {
                    fill(cx + rx * scale, y + ry * scale, cx + (rx + 1) * scale, y + (ry + 1) * scale, c)
                }
            }
            cx += BitmapFont.advance * scale
        }
        return cx - x
    }

    /// The width `text` takes at `scale`.
    public static func textWidth(_ text: String, scale: Int = 1) -> Int { text.count * BitmapFont.advance * scale }
}

/// An 8-bit RGB colour.
public struct RGB: Sendable, Hashable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { (self.r, self.g, self.b) = (r, g, b) }

    /// A distinct colour per class id (a fixed palette of 20, Ultralytics' plotting colours, repeating).
    public static func forClass(_ id: Int) -> RGB {
        let hex: [UInt32] = [0xFF3838, 0xFF9D97, 0xFF701F, 0xFFB21D, 0xCFD231, 0x48F90A, 0x92CC17, 0x3DDB86,
                             0x1A9334, 0x00D4BB, 0x2C99A8, 0x00C2FF, 0x344593, 0x6473FF, 0x0018EC, 0x8438FF,
                             0x520085, 0xCB38FF, 0xFF95C8, 0xFF37C7]
        let v = hex[((id % hex.count) + hex.count) % hex.count]
        return RGB(UInt8(v >> 16), UInt8((v >> 8) & 255), UInt8(v & 255))
    }
}
