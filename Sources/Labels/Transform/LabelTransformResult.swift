/// What ``LabelTransform/apply(_:)`` made of a list of objects.
public struct LabelTransformResult: Sendable, Hashable {
    /// The objects that survived, in input order, in output pixel coordinates.
    public var objects: [LabelObject]
    /// How many objects went in.
    public var inputCount: Int
    /// How many were dropped: empty after the clip, below `minVisibility` or below `minArea`.
    public var droppedCount: Int

    /// How many came out (`objects.count`).
    public var outputCount: Int { objects.count }

    /// A result.
    public init(objects: [LabelObject], inputCount: Int, droppedCount: Int) {
        self.objects = objects
        self.inputCount = inputCount
        self.droppedCount = droppedCount
    }
}
