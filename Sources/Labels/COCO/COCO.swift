/// The COCO JSON format's conventions: output ids, keypoint flip pairs, and one annotation through a transform
/// (``COCO/transform(annotation:by:warp:)``). Works on ``JSONValue`` trees; no files.
public enum COCO {
    /// The largest id written: 2^53, the largest integer every JSON reader (JavaScript, Python's float) keeps exactly.
    public static let maxID = 1 << 53

    /// The id of copy `copy` of the image or annotation `original` in a run of `copies` copies:
    /// `original * copies + copy`. A pure function of its inputs, so shards (which split the inputs) write
    /// disjoint ids, and ids sort by original id, then copy.
    /// - Throws: ``LabelError/Code/outOfRange`` when the original is negative or the id would pass ``maxID``.
    public static func newID(_ original: Int, copy: Int, copies: Int) throws(LabelError) -> Int {
        let (product, overflow) = original.multipliedReportingOverflow(by: copies)
        guard original >= 0, !overflow, product <= maxID - copies else {
            throw LabelError(.outOfRange, "the id \(original) times \(copies) copies passes 2^53, the largest id "
                             + "JSON readers keep exactly")
        }
        return product + copy
    }

    /// The keypoint permutation of a mirror from left/right pairs: names from the category's `keypoints`, or
    /// 0-based indices; each point swaps with its partner, unpaired points stay.
    /// - Parameters:
    ///   - pairs: `(a, b)` name or index pairs (`left_eye:right_eye` or `1:2`).
    ///   - names: The category's keypoint names (their count is K).
    /// - Returns: `flip_idx` (output point i is input point `flip_idx[i]`).
    /// - Throws: ``LabelError/Code/badFlipIndex`` for a name not in `names`, an index outside `0..<K`, or a point
    ///   in two pairs.
    public static func flipIndex(pairs: [(String, String)], names: [String]) throws(LabelError) -> [Int] {
        var index = Array(names.indices)
        func resolve(_ s: String) throws(LabelError) -> Int {
            if let i = names.firstIndex(of: s) { return i }
            if let i = Int(s), names.indices.contains(i) { return i }
            throw LabelError(.badFlipIndex, "'\(s)' is neither a keypoint of \(names) nor an index 0..<\(names.count)")
        }
        var seen = Set<Int>()
        for (a, b) in pairs {
            let i = try resolve(a), j = try resolve(b)
            guard i != j, seen.insert(i).inserted, seen.insert(j).inserted else {
                throw LabelError(.badFlipIndex, "the pair \(a):\(b) repeats a keypoint")
            }
            index[i] = j
            index[j] = i
        }
        return index
    }
}
