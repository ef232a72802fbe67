/// The wire format between the pool and its workers: `[UInt32 little-endian payload length][UInt8 kind][payload]`.
///
/// Workers answer jobs in the order they receive them, so frames carry no job ids.
enum Frame {
    /// Bytes before the payload.
    static let headerSize = 5

    /// What a frame carries.
    enum Kind: UInt8 {
        /// Parent to worker: a job's bytes.
        case job = 1
        /// Worker to parent: the handler's result.
        case success = 2
        /// Worker to parent: the handler threw; the payload is its description in UTF-8.
        case failure = 3
    }

    /// Appends one frame to `buffer`. The caller has checked `payload.count <= UInt32.max`.
    static func append(_ kind: Kind, _ payload: [UInt8], to buffer: inout [UInt8]) {
        let length = UInt32(truncatingIfNeeded: payload.count)
        buffer.append(UInt8(truncatingIfNeeded: length))
        buffer.append(UInt8(truncatingIfNeeded: length >> 8))
        buffer.append(UInt8(truncatingIfNeeded: length >> 16))
        buffer.append(UInt8(truncatingIfNeeded: length >> 24))
        buffer.append(kind.rawValue)
        buffer.append(contentsOf: payload)
    }
}

/// A frame that cannot be accepted.
enum FrameError: Error, Equatable {
    /// The header announces a payload above the limit; nothing was allocated for it.
    case tooLarge(length: Int, limit: Int)
    /// The kind byte is not one the receiver expects.
    case unknownKind(UInt8)

    var message: String {
        switch self {
        case .tooLarge(let length, let limit): "frame of \(length) bytes over the limit of \(limit)"
        case .unknownKind(let kind): "unknown frame kind \(kind)"
        }
    }
}
