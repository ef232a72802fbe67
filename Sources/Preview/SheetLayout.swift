/// Where each tile of a contact sheet goes: `rows` inputs of `columns` tiles (the original, then the copies), each
/// tile a `tile x tile` square with its caption strip below, `gap` pixels between cells and around them.
public struct SheetLayout: Sendable, Hashable {
    public var rows: Int, columns: Int, tile: Int
    public var gap = 8
    /// Two caption lines of the 5x7 font.
    public var captionHeight = 2 * 9 + 4

    public init(rows: Int, columns: Int, tile: Int) {
        (self.rows, self.columns, self.tile) = (rows, columns, tile)
    }

    public var cellWidth: Int { tile + gap }
    public var cellHeight: Int { tile + captionHeight + gap }
    public var width: Int { columns * cellWidth + gap }
    public var height: Int { rows * cellHeight + gap }

    /// The top-left corner of the tile square of (row, column).
    public func origin(row: Int, column: Int) -> (x: Int, y: Int) {
        (gap + column * cellWidth, gap + row * cellHeight)
    }

    /// Where an image of `width x height` scaled by `scale` sits in its tile square: centred.
    public func placement(row: Int, column: Int, width: Int, height: Int, scale: Double) -> TilePlacement {
        let (x, y) = origin(row: row, column: column)
        let w = max(1, Int((Double(width) * scale).rounded())), h = max(1, Int((Double(height) * scale).rounded()))
        return TilePlacement(x: x + (tile - w) / 2, y: y + (tile - h) / 2, scale: scale, width: w, height: h)
    }
}
