/// One labelled object: its class, as written in the file, and its geometry.
public struct LabelObject: Sendable, Hashable {
    /// The class exactly as read (e.g. `"3"`), written back unchanged.
    public var classToken: String
    /// The object's geometry, in pixel coordinates.
    public var shape: Shape

    /// An object.
    public init(classToken: String, shape: Shape) {
        self.classToken = classToken
        self.shape = shape
    }
}
