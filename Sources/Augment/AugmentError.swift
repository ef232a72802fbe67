/// Errors of the `Augment` module: a malformed buffer or an operation spec that cannot be parsed.
public enum AugmentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A buffer whose byte count does not match its declared shape.
    case badBufferShape(String)
    /// An op spec that cannot be parsed: the op as written, and what was expected.
    case badOp(op: String, expected: String)
    /// A pipeline file or JSON that cannot be read.
    case badPipeline(String)

    public var description: String {
        switch self {
        case .badBufferShape(let why): return "bad pixel buffer: \(why)"
        case .badOp(let op, let expected): return "bad op '\(op)': \(expected)"
        case .badPipeline(let why): return "bad pipeline: \(why)"
        }
    }
}
