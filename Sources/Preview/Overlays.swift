public import Augment
public import Labels

/// Labels and masks drawn over a tile: shapes in the output image's pixel coordinates, mapped onto the tile by
/// `scale` and the tile's origin on the sheet.
public struct TilePlacement: Sendable {
    public var x: Int, y: Int
    public var scale: Double
    public var width: Int, height: Int

    public init(x: Int, y: Int, scale: Double, width: Int, height: Int) {
        (self.x, self.y, self.scale, self.width, self.height) = (x, y, scale, width, height)
    }

    func map(_ p: Point) -> (Double, Double) { (Double(x) + p.x * scale, Double(y) + p.y * scale) }
}

extension Canvas {
    /// Draws label objects (boxes, polygons, oriented boxes, poses) in their class's colour, the class token at
    /// each object's top-left corner.
    public mutating func draw(_ objects: [LabelObject], on tile: TilePlacement) {
        for object in objects {
            let color = RGB.forClass(Int(object.classToken) ?? object.classToken.hashValue)
            var corner: Point?
            func outline(_ points: [Point]) {
                for (i, p) in points.enumerated() {
                    let q = points[(i + 1) % points.count]
                    let (x0, y0) = tile.map(p), (x1, y1) = tile.map(q)
                    line(x0, y0, x1, y1, color, thickness: 2)
                }
                corner = points.min { ($0.y, $0.x) < ($1.y, $1.x) }
            }
            switch object.shape {
            case .box(let b): outline(b.corners)
            case .polygon(let points), .orientedBox(let points): outline(points)
            case .pose(let b, let keypoints):
                outline(b.corners)
                for k in keypoints where !k.isMissing && !(k.visibility == 0) {
                    let (x, y) = tile.map(Point(x: k.x, y: k.y))
                    dot(Int(x), Int(y), color, size: 5)
                }
            }
            if let corner {
                let (x, y) = tile.map(corner)
                let w = Canvas.textWidth(object.classToken)
                fill(Int(x), Int(y) - 9, Int(x) + w + 2, Int(y), color)
                text(object.classToken, x: Int(x) + 1, y: Int(y) - 8, RGB(0, 0, 0))
            }
        }
    }

    /// A mask as a translucent overlay: each pixel of the tile takes the class colour of the mask value under its
    /// centre (nearest), value 0 (background) left clear.
    public mutating func overlay(mask: PixelBuffer, on tile: TilePlacement, opacity: Double = 0.45) {
        let bytes = mask.bytes, n = mask.layout.channels, wide = mask.depth == .sixteen
        let tw = max(1, Int((Double(mask.width) * tile.scale).rounded()))
        let th = max(1, Int((Double(mask.height) * tile.scale).rounded()))
        for ty in 0..<th {
            let my = min(mask.height - 1, Int((Double(ty) + 0.5) / tile.scale))
            for tx in 0..<tw {
                let mx = min(mask.width - 1, Int((Double(tx) + 0.5) / tile.scale))
                let o = (my * mask.width + mx) * n * (wide ? 2 : 1)
                let v = wide ? Int(bytes[o]) | Int(bytes[o + 1]) << 8 : Int(bytes[o])
                if v != 0 { blend(tile.x + tx, tile.y + ty, RGB.forClass(v), alpha: opacity) }
            }
        }
    }
}
