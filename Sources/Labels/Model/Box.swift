public import Augment

/// An axis-aligned box in pixel coordinates, Pillow's continuous frame: pixel (i, j) covers
/// `[i, i+1) x [j, j+1)`, so a box around the first pixel is `(0, 0)...(1, 1)`.
public struct Box: Sendable, Hashable, CustomStringConvertible {
    /// Left edge, in pixels from the image's left edge.
    public var minX: Double
    /// Top edge, in pixels from the image's top edge (y grows downwards).
    public var minY: Double
    /// Right edge.
    public var maxX: Double
    /// Bottom edge.
    public var maxY: Double

    /// A box from its edges.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        (self.minX, self.minY, self.maxX, self.maxY) = (minX, minY, maxX, maxY)
    }

    /// A box from its centre and size (YOLO's `cx cy w h`, here in pixels).
    public init(centerX: Double, centerY: Double, width: Double, height: Double) {
        self.init(minX: centerX - width / 2, minY: centerY - height / 2,
                  maxX: centerX + width / 2, maxY: centerY + height / 2)
    }

    /// The smallest box holding every point; `nil` for no points.
    public init?(bounding points: some Sequence<Point>) {
        var it = points.makeIterator()
        guard let first = it.next() else { return nil }
        var b = Box(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        while let p = it.next() {
            b.minX = Swift.min(b.minX, p.x)
            b.maxX = Swift.max(b.maxX, p.x)
            b.minY = Swift.min(b.minY, p.y)
            b.maxY = Swift.max(b.maxY, p.y)
        }
        self = b
    }

    /// `maxX - minX`.
    public var width: Double { maxX - minX }
    /// `maxY - minY`.
    public var height: Double { maxY - minY }
    /// The horizontal centre.
    public var centerX: Double { (minX + maxX) / 2 }
    /// The vertical centre.
    public var centerY: Double { (minY + maxY) / 2 }
    /// `width * height`, or 0 when the box is empty or inverted.
    public var area: Double { Swift.max(0, width) * Swift.max(0, height) }

    /// The four corners, clockwise on screen from the top-left: (minX, minY), (maxX, minY), (maxX, maxY), (minX, maxY).
    public var corners: [Point] {
        [Point(x: minX, y: minY), Point(x: maxX, y: minY), Point(x: maxX, y: maxY), Point(x: minX, y: maxY)]
    }

    /// The part of the box inside `[0, width] x [0, height]` (an empty box, area 0, when they do not meet).
    public func clipped(width: Double, height: Double) -> Box {
        Box(minX: Swift.min(Swift.max(minX, 0), width), minY: Swift.min(Swift.max(minY, 0), height),
            maxX: Swift.max(Swift.min(maxX, width), 0), maxY: Swift.max(Swift.min(maxY, height), 0))
    }

    /// `(minX, minY)...(maxX, maxY)`.
    public var description: String { "(\(minX), \(minY))...(\(maxX), \(maxY))" }
}
