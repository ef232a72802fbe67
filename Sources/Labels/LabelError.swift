/// Why a label file or a label transform was refused: a code to match on, the 1-based line when the cause is in a
/// file, and a message for people.
public struct LabelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; a struct, so that a new code breaks no caller's `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Storage: String, Sendable, Hashable {
            case columnCount = "column count"
            case notANumber = "not a number"
            case badClass = "bad class"
            case outOfRange = "out of range"
            case badVisibility = "bad visibility"
            case badFormat = "bad format"
            case missingFlipIndex = "missing flip index"
            case badFlipIndex = "bad flip index"
            case keypointCount = "keypoint count"
            case badXML = "bad XML"
            case missingField = "missing field"
            case sizeMismatch = "size mismatch"
            case badJSON = "bad JSON"
            case badRLE = "bad RLE"
        }
        private let storage: Storage
        private init(_ storage: Storage) { self.storage = storage }

        /// A row has the wrong number of values for the format (box 5, OBB 9, pose 5 + K * D, a polygon an odd
        /// count or fewer than 3 points).
        public static let columnCount = Code(.columnCount)
        /// A value is not a finite number.
        public static let notANumber = Code(.notANumber)
        /// The class is not a non-negative integer.
        public static let badClass = Code(.badClass)
        /// A coordinate lies outside `[-0.01, 1.01]`, ultralytics' tolerance.
        public static let outOfRange = Code(.outOfRange)
        /// A keypoint's visibility is negative.
        public static let badVisibility = Code(.badVisibility)
        /// The format itself is invalid (pose with K < 1 or dimensions other than 2 or 3).
        public static let badFormat = Code(.badFormat)
        /// The transform mirrors (negative determinant) and poses are present, but no flip index was given.
        public static let missingFlipIndex = Code(.missingFlipIndex)
        /// The flip index is not a permutation of `0..<K` that is its own inverse.
        public static let badFlipIndex = Code(.badFlipIndex)
        /// A pose has a different number of keypoints than the flip index.
        public static let keypointCount = Code(.keypointCount)
        /// The file is not well-formed XML (the parser's line and column in the message).
        public static let badXML = Code(.badXML)
        /// A field the format needs is absent or empty (a VOC object without `bndbox`, a COCO annotation without
        /// `image_id`).
        public static let missingField = Code(.missingField)
        /// The size a label file states differs from its image's (upright) size.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// The file is not the JSON the format needs (a COCO file whose top level is not an object, a field of the
        /// wrong type).
        public static let badJSON = Code(.badJSON)
        /// A COCO run-length mask is malformed (counts that do not add up to `h x w`, a bad counts string).
        public static let badRLE = Code(.badRLE)

        /// The code's name, e.g. `column count`.
        public var description: String { storage.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The 1-based line of the label file, when the cause is a line.
    public var line: Int?
    /// What went wrong, for people.
    public var message: String

    /// An error.
    public init(_ code: Code, line: Int? = nil, _ message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    /// `line 3: <message>`, or the message alone.
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
