public import Augment

/// Moves labels with their image: every object through one ``Affine`` (input pixel coordinates to output pixel
/// coordinates, Pillow's continuous frame), then clipped to the output canvas and filtered with albumentations'
/// rules. A pure function of its inputs: nothing random, no I/O.
///
/// ```swift
/// let p = pipeline.sample(seed: seed, key: key, copy: k)
/// let t = LabelTransform(affine: p.affine(width: w, height: h), outputSize: p.outputSize(width: w, height: h),
///                        flipIndex: flipIdx)
/// try t.check(keypoints: 17)                 // before any file is read: mirroring needs a flip index
/// let result = try t.apply(try YOLO.parse(bytes, format: .pose(keypoints: 17, dimensions: 3), width: w, height: h))
/// ```
public struct LabelTransform: Sendable, Hashable {
    /// The map from input to output pixel coordinates.
    public var affine: Affine
    /// The output canvas width, in pixels.
    public var outputWidth: Int
    /// The output canvas height, in pixels.
    public var outputHeight: Int
    /// How boxes (detect, and pose boxes) follow a map that is not axis-aligned.
    public var boxMethod: BoxMethod
    /// The least fraction of an object's transformed area that must stay on the canvas (albumentations'
    /// `min_visibility`, default 0). Compared with a relative tolerance of 1e-9, so that 1 keeps whole objects.
    public var minVisibility: Double
    /// The least area, in output pixels, an object must keep on the canvas (albumentations' `min_area`, default 0).
    public var minArea: Double
    /// The keypoint permutation applied when the map mirrors, ultralytics' `flip_idx`: output point `i` is input
    /// point `flipIndex[i]`. `nil` when the dataset has none.
    public var flipIndex: [Int]?

    /// A transform.
    /// - Parameters:
    ///   - affine: Input to output pixel coordinates (``SampledPipeline/affine(width:height:)``).
    ///   - outputSize: The output image's size (``SampledPipeline/outputSize(width:height:)``).
    ///   - boxMethod: How boxes follow an arbitrary rotation; ``BoxMethod/largest`` by default.
    ///   - minVisibility: Drop objects keeping less than this fraction of their transformed area; default 0.
    ///   - minArea: Drop objects keeping less than this many pixels of area; default 0.
    ///   - flipIndex: The pose keypoint permutation for mirroring maps (`flip_idx`), if any.
    public init(affine: Affine, outputSize: (width: Int, height: Int), boxMethod: BoxMethod = .largest,
                minVisibility: Double = 0, minArea: Double = 0, flipIndex: [Int]? = nil) {
        self.affine = affine
        (outputWidth, outputHeight) = outputSize
        self.boxMethod = boxMethod
        self.minVisibility = minVisibility
        self.minArea = minArea
        self.flipIndex = flipIndex
    }

    /// Whether the map mirrors, so that pose keypoints are permuted by ``flipIndex``.
    public var mirrors: Bool { affine.isMirroring }

    /// Checks, before any label is read, that poses of `keypoints` points can go through this transform: a
    /// mirroring map needs a flip index, and a flip index must be a permutation of `0..<keypoints` that undoes
    /// itself (`flipIndex[flipIndex[i]] == i`: left and right swap in pairs).
    /// - Throws: ``LabelError/Code/missingFlipIndex`` or ``LabelError/Code/badFlipIndex``.
    public func check(keypoints: Int) throws(LabelError) {
        if let idx = flipIndex {
            try Self.validate(flipIndex: idx, keypoints: keypoints)
        } else if mirrors {
            throw LabelError(.missingFlipIndex,
                             "the transform mirrors the image (determinant \(affine.determinant)) but the pose "
                             + "labels have no flip_idx to swap left and right keypoints")
        }
    }

    /// Checks that `flipIndex` is a permutation of `0..<keypoints` that is its own inverse.
    /// - Throws: ``LabelError/Code/badFlipIndex``.
    public static func validate(flipIndex: [Int], keypoints: Int) throws(LabelError) {
        guard flipIndex.count == keypoints else {
            throw LabelError(.badFlipIndex, "flip_idx has \(flipIndex.count) entries for \(keypoints) keypoints")
        }
        for (i, j) in flipIndex.enumerated() {
            guard (0..<keypoints).contains(j) else {
                throw LabelError(.badFlipIndex, "flip_idx[\(i)] = \(j) is not a keypoint index (0..<\(keypoints))")
            }
            guard flipIndex[j] == i else {
                throw LabelError(.badFlipIndex,
                                 "flip_idx is not its own inverse: flip_idx[\(i)] = \(j) but flip_idx[\(j)] = "
                                 + "\(flipIndex[j]) (left/right keypoints swap in pairs)")
            }
        }
    }
}
