public import Augment

/// The tile image of a contact sheet: an image as 8-bit RGB, scaled to fit a square box with its aspect kept, an
/// area average when it shrinks (every source pixel weighs by the part of it a tile pixel covers) and the nearest
/// source pixel when it grows. Alpha is composited over `background`; 16-bit samples keep their high byte.
public enum Thumbnail {
    /// The scale that fits `width x height` in a `box x box` square.
    public static func scale(width: Int, height: Int, box: Int) -> Double {
        guard width > 0, height > 0 else { return 1 }
        return min(Double(box) / Double(width), Double(box) / Double(height))
    }

    /// `image` as RGB8 scaled by `scale` (the size rounded, at least 1x1).
    public static func make(_ image: PixelBuffer, scale: Double, background: RGB = RGB(32, 32, 32)) -> PixelBuffer {
        let rgb = Self.rgb(image, background: background)
        let (w, h) = (rgb.width, rgb.height)
        let ow = max(1, Int((Double(w) * scale).rounded())), oh = max(1, Int((Double(h) * scale).rounded()))
        var out = PixelBuffer(width: ow, height: oh, layout: .rgb)
        let src = rgb.bytes
        let sx = Double(w) / Double(ow), sy = Double(h) / Double(oh)
        out.withUnsafeMutableBytes { d in
            for oy in 0..<oh {
                let y0 = Double(oy) * sy, y1 = Double(oy + 1) * sy
                for ox in 0..<ow {
                    let x0 = Double(ox) * sx, x1 = Double(ox + 1) * sx
                    var acc = (0.0, 0.0, 0.0), weight = 0.0
                    if sx <= 1 && sy <= 1 {
                        // Growing: the nearest source pixel.
                        let x = min(w - 1, Int((x0 + x1) / 2)), y = min(h - 1, Int((y0 + y1) / 2))
                        let o = (y * w + x) * 3
                        acc = (Double(src[o]), Double(src[o + 1]), Double(src[o + 2]))
                        weight = 1
                    } else {
                        var y = Int(y0)
                        while Double(y) < y1 && y < h {
                            let wy = min(y1, Double(y + 1)) - max(y0, Double(y))
                            var x = Int(x0)
                            while Double(x) < x1 && x < w {
                                let wgt = wy * (min(x1, Double(x + 1)) - max(x0, Double(x)))
                                let o = (y * w + x) * 3
                                acc.0 += wgt * Double(src[o])
                                acc.1 += wgt * Double(src[o + 1])
                                acc.2 += wgt * Double(src[o + 2])
                                weight += wgt
                                x += 1
                            }
                            y += 1
                        }
                    }
                    let o = (oy * ow + ox) * 3
                    d[o] = UInt8((acc.0 / weight).rounded())
                    d[o + 1] = UInt8((acc.1 / weight).rounded())
                    d[o + 2] = UInt8((acc.2 / weight).rounded())
                }
            }
        }
        return out
    }

    /// Any layout and depth as 8-bit RGB (gray repeated, alpha composited over `background`, 16-bit's high byte).
    public static func rgb(_ image: PixelBuffer, background: RGB) -> PixelBuffer {
        if image.layout == .rgb && image.depth == .eight { return image }
        let n = image.layout.channels, bytesPerSample = image.depth == .eight ? 1 : 2
        let src = image.bytes
        var out = PixelBuffer(width: image.width, height: image.height, layout: .rgb)
        out.withUnsafeMutableBytes { d in
            for i in 0..<image.pixelCount {
                func sample(_ k: Int) -> Double {
                    let o = (i * n + k) * bytesPerSample
                    // 16-bit samples are native-endian (little-endian here): the high byte is the second.
                    return Double(bytesPerSample == 1 ? src[o] : src[o + 1])
                }
                var c: (Double, Double, Double)
                switch image.layout {
                case .gray, .grayAlpha: c = (sample(0), sample(0), sample(0))
                case .rgb, .rgba: c = (sample(0), sample(1), sample(2))
                }
                if image.layout.hasAlpha {
                    let a = sample(n - 1) / 255
                    c = (c.0 * a + Double(background.r) * (1 - a), c.1 * a + Double(background.g) * (1 - a),
                         c.2 * a + Double(background.b) * (1 - a))
                }
                d[i * 3] = UInt8(c.0.rounded())
                d[i * 3 + 1] = UInt8(c.1.rounded())
                d[i * 3 + 2] = UInt8(c.2.rounded())
            }
        }
        return out
    }
}
