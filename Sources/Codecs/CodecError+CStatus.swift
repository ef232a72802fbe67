import CCodecs

extension CodecError {
    /// The one place a C status becomes a Swift error.
    init(_ error: ccodecs_error, format: ImageFormat? = nil, path: String? = nil) {
        let storage = Code.Storage(rawValue: error.status) ?? .invalid
        let message = withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        self.init(code: Code(storage: storage), format: format, message: message, path: path, errno: error.sys_errno)
    }
}

extension ccodecs_error {
    /// A zeroed error record.
    static var empty: ccodecs_error { ccodecs_error() }

    /// The text of the first warning, nil when there was none.
    var firstWarningText: String? {
        guard warnings > 0 else { return nil }
        return withUnsafeBytes(of: first_warning) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}
