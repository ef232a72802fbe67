import Glibc

/// GNU/Linux calls that Swift's Glibc module does not offer: it is imported without `_GNU_SOURCE` (so `pipe2`,
/// `sched_getaffinity` and `posix_spawn_file_actions_addclosefrom_np` are hidden), and `prctl` is variadic, which
/// Swift cannot call. Each is looked up once with `dlsym`. On the x86-64 and AArch64 Linux ABIs a variadic
/// function called with integer arguments through a fixed prototype receives them as it expects.
enum GNU {
    typealias Prctl = @convention(c) (CInt, CUnsignedLong, CUnsignedLong, CUnsignedLong, CUnsignedLong) -> CInt
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<CInt>, CInt) -> CInt
    typealias SchedGetaffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> CInt
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, CInt) -> CInt

    /// `PR_SET_PDEATHSIG` from `<linux/prctl.h>`.
    static let prSetPdeathsig: CInt = 1
    /// `PR_SET_NAME` from `<linux/prctl.h>`.
    static let prSetName: CInt = 15

    static let prctl: Prctl? = symbol("prctl")
    static let pipe2: Pipe2? = symbol("pipe2")
    static let schedGetaffinity: SchedGetaffinity? = symbol("sched_getaffinity")
    static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<F>(_ name: String) -> F? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: F.self)
    }
}
