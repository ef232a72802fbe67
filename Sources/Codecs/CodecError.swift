/// A decode or encode failure: the file, the codec and the cause, as the C shim reported it.
public struct CodecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure. A struct around a private enum, so new codes break no `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Storage: Int32, Sendable { case unsupported = 1, corrupt, tooLarge, outOfMemory, io, invalid }
        let storage: Storage
        /// Not PNG or JPEG, or a feature the system library does not support (12-bit JPEG).
        public static let unsupported = Code(storage: .unsupported)
        /// Malformed or truncated data.
        public static let corrupt = Code(storage: .corrupt)
        /// Over a configured limit (pixel count: a decompression bomb; chunk size).
        public static let tooLarge = Code(storage: .tooLarge)
        /// The codec ran out of memory.
        public static let outOfMemory = Code(storage: .outOfMemory)
        /// The file could not be read or written.
        public static let io = Code(storage: .io)
        /// A caller error: bad arguments.
        public static let invalid = Code(storage: .invalid)

        public var description: String { "\(storage)" }
    }

    /// The kind of failure.
    public var code: Code
    /// The format involved, when known.
    public var format: ImageFormat?
    /// The cause, prefixed with the codec ("JPEG: Premature end of JPEG file").
    public var message: String
    /// The file concerned, when there is one (lossy for non-UTF-8 names: for display only).
    public var path: String?
    /// `errno` for ``Code/io`` failures, else 0.
    public var errno: Int32

    /// Creates an error.
    public init(code: Code, format: ImageFormat? = nil, message: String, path: String? = nil, errno: Int32 = 0) {
        self.code = code
        self.format = format
        self.message = message
        self.path = path
        self.errno = errno
    }

    public var description: String { "\(path ?? "<memory>"): \(message)" }
}
