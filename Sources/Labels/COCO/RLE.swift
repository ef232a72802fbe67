/// A COCO run-length mask (`{"size": [h, w], "counts": ...}`), pycocotools' `RLE`: runs over the pixels in
/// column-major order (down the first column, then the next), alternating 0 and 1 and starting with 0s (a mask
/// whose first pixel is set starts with a run of length 0).
public struct RLE: Sendable, Hashable {
    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int
    /// The run lengths; they add up to `height * width`.
    public var counts: [Int]

    /// A mask from its runs.
    /// - Throws: ``LabelError/Code/badRLE`` when a size is negative, a run negative, or the runs do not add up to
    ///   `height * width`.
    public init(height: Int, width: Int, counts: [Int]) throws(LabelError) {
        guard height >= 0, width >= 0, height <= 1 << 20, width <= 1 << 20 else {
            throw LabelError(.badRLE, "size [\(height), \(width)] is not a mask size")
        }
        var total = 0
        for c in counts {
            guard c >= 0 else { throw LabelError(.badRLE, "a run of \(c) pixels") }
            total += c
        }
        guard total == height * width else {
            throw LabelError(.badRLE, "the runs add up to \(total) pixels, not \(height) x \(width) = \(height * width)")
        }
        self.height = height
        self.width = width
        self.counts = counts
    }

    /// Decodes pycocotools' compressed counts string (`rleFrString`): each run a little-endian base-32 number in
    /// characters from `0` (48), 5 bits per character, bit 0x20 meaning "more follows", the last character's 0x10
    /// bit the sign; runs after the second are stored as the difference from the run two before.
    /// - Throws: ``LabelError/Code/badRLE`` for a character outside the alphabet, a truncated run, or runs that
    ///   do not add up.
    public init(compressed string: String, height: Int, width: Int) throws(LabelError) {
        var counts: [Int] = []
        var bytes = Array(string.utf8)[...]
        while !bytes.isEmpty {
            var x = 0, k = 0, more = true
            while more {
                guard let byte = bytes.popFirst() else { throw LabelError(.badRLE, "the counts string ends inside a run") }
                guard byte >= 48, byte < 48 + 64, k < 12 else {
                    throw LabelError(.badRLE, "the counts string has a byte \(byte) outside pycocotools' alphabet")
                }
                let c = Int(byte) - 48
                x |= (c & 0x1f) << (5 * k)
                more = c & 0x20 != 0
                k += 1
                if !more && c & 0x10 != 0 { x |= -1 << (5 * k) }
            }
            if counts.count > 2 { x += counts[counts.count - 2] }
            counts.append(x)
        }
        try self.init(height: height, width: width, counts: counts)
    }

    /// The compressed counts string of pycocotools' `rleToString` (the inverse of ``init(compressed:height:width:)``).
    public var compressed: String {
        var s: [UInt8] = []
        for i in counts.indices {
            var x = counts[i]
            if i > 2 { x -= counts[i - 2] }
            var more = true
            while more {
                var c = x & 0x1f
                x >>= 5
                more = c & 0x10 != 0 ? x != -1 : x != 0
                if more { c |= 0x20 }
                s.append(UInt8(c + 48))
            }
        }
        return String(decoding: s, as: UTF8.self)
    }

    /// Encodes a mask given row-major (`mask[y * width + x]`, any non-zero value is set), as pycocotools'
    /// `encode` does for a Fortran-ordered array.
    public init(rowMajor mask: [UInt8], width: Int, height: Int) {
        precondition(mask.count == width * height, "the mask has \(mask.count) values for \(width) x \(height)")
        var counts: [Int] = []
        var run = 0
        var value: UInt8 = 0
        for x in 0..<width {
            var i = x
            for _ in 0..<height {
                let v: UInt8 = mask[i] != 0 ? 1 : 0
                if v != value {
                    counts.append(run)
                    run = 0
                    value = v
                }
                run += 1
                i += width
            }
        }
        counts.append(run)
        (self.height, self.width, self.counts) = (height, width, counts)
    }

    /// The mask row-major, 1 where set, 0 elsewhere.
    public func rowMajor() -> [UInt8] {
        var mask = [UInt8](repeating: 0, count: width * height)
        var p = 0
        for (i, run) in counts.enumerated() {
            if i % 2 == 1 {
                for q in p..<(p + run) { mask[(q % height) * width + q / height] = 1 }
            }
            p += run
        }
        return mask
    }

    /// The set pixels (pycocotools' `area`).
    public var area: Int { stride(from: 1, to: counts.count, by: 2).reduce(0) { $0 + counts[$1] } }

    /// pycocotools' `toBbox` (`rleToBbox`), `[x, y, w, h]` in pixels: the columns from the first to the last set
    /// pixel, and the rows likewise, except that a run of set pixels wrapping from one column into the next
    /// spans every row (pycocotools' rule, kept so that boxes agree with its output); zeros for an empty mask.
    public var boundingBox: [Int] {
        let m = counts.count / 2 * 2
        guard m > 0, height > 0 else { return [0, 0, 0, 0] }
        var xs = width, ys = height, xe = 0, ye = 0, cc = 0, xp = 0
        for j in 0..<m {
            cc += counts[j]
            let t = cc - j % 2
            let y = t % height, x = (t - y) / height
            if j % 2 == 0 {
                xp = x
            } else if xp < x {
                ys = 0
                ye = height - 1
            }
            xs = min(xs, x)
            xe = max(xe, x)
            ys = min(ys, y)
            ye = max(ye, y)
        }
        return [xs, ys, xe - xs + 1, ye - ys + 1]
    }
}
