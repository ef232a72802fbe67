/// The container formats augment reads and writes, told from magic bytes, never from a file name.
public enum ImageFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case png, jpeg

    /// The usual file extension, without the dot.
    public var fileExtension: String { self == .png ? "png" : "jpg" }
}
