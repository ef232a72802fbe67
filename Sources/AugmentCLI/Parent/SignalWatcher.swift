import Dispatch
import Glibc

/// Catches SIGINT and SIGTERM (instead of dying) and calls back once per signal.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (Int32) -> Void) {
        var made: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { handler(sig) }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    func stop() { for s in sources { s.cancel() } }
}
